using Drydock.Master.Allocation;
using Drydock.Protocol.Resources;

namespace Drydock.Master.Tests.Allocation;

/// <summary>
/// The rule <see cref="Allocator"/> implements, written the slow and obvious way: shares are recomputed from every
/// holding and every grant so far, and candidates are sorted afresh for each agent.
/// </summary>
internal static class ReferenceAllocator
{
    private static readonly string[] Dominant = ["cpus", "mem", "disk"];

    public static List<OfferGrant> Allocate(AllocationInput input)
    {
        var cluster = Dominant.Select(n => input.Agents.Aggregate(0.0, (sum, a) => sum + ResourceMath.Scalar(a.Total, n))).ToArray();
        var held = input.Held.ToList();
        double ShareOf(IEnumerable<RoleHolding> holdings)
        {
            var list = holdings.ToList();
            return Dominant.Select((n, i) => cluster[i] > 0 ? list.Aggregate(0.0, (sum, h) => sum + ResourceMath.Scalar(h.Resources, n)) / cluster[i] : 0).Max();
        }

        double Weight(string role) => input.Weights.TryGetValue(role, out var w) && w > 0 ? w : 1;
        double RoleShare(string role) => ShareOf(held.Where(h => h.Role == role)) / Weight(role);
        double FrameworkShare(string id, string role) => ShareOf(held.Where(h => h.FrameworkId == id && h.Role == role));
        static IEnumerable<string> RolesOf(FrameworkDemand f) => f.Roles.Count == 0 ? ["*"] : f.Roles.Distinct();

        var grants = new List<OfferGrant>();
        void Grant(string id, string role, string agentId, Resource[] resources)
        {
            grants.Add(new OfferGrant(id, role, agentId, resources));
            held.Add(new RoleHolding(id, role, resources));
        }

        foreach (var agent in input.Agents.Where(a => a.Offerable && !input.AgentsWithOffers.Contains(a.AgentId)).OrderBy(a => a.AgentId, StringComparer.Ordinal))
        {
            var free = ResourceMath.Subtract(agent.Total, agent.Used);
            var able = input.Frameworks.Where(f => !f.Suppressed && !f.FilteredAgents.Contains(agent.AgentId)).ToList();
            string? chosenRole = null;
            if (free.Any(r => !r.IsReserved))
            {
                var pick = able.SelectMany(f => RolesOf(f).Select(role => (f.FrameworkId, Role: role)))
                    .OrderBy(c => RoleShare(c.Role)).ThenBy(c => c.Role, StringComparer.Ordinal)
                    .ThenBy(c => FrameworkShare(c.FrameworkId, c.Role)).ThenBy(c => c.FrameworkId, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (pick.FrameworkId is not null)
                {
                    chosenRole = pick.Role;
                    Grant(pick.FrameworkId, pick.Role, agent.AgentId, free.Where(r => !r.IsReserved || r.Role == pick.Role).ToArray());
                }
            }

            foreach (var role in free.Where(r => r.IsReserved && r.Role != chosenRole).Select(r => r.Role).Distinct().Order(StringComparer.Ordinal))
            {
                var pick = able.Where(f => RolesOf(f).Contains(role))
                    .OrderBy(f => FrameworkShare(f.FrameworkId, role)).ThenBy(f => f.FrameworkId, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (pick is not null)
                {
                    Grant(pick.FrameworkId, role, agent.AgentId, free.Where(r => r.Role == role).ToArray());
                }
            }
        }

        return grants;
    }

    /// <summary>A grant as tests compare it: who, for which role, where, and how much of each dominant resource.</summary>
    public static (string Framework, string Role, string Agent, double Cpus, double Mem, double Disk) Summary(OfferGrant grant) =>
        (grant.FrameworkId, grant.Role, grant.AgentId,
            ResourceMath.Scalar(grant.Resources, "cpus"), ResourceMath.Scalar(grant.Resources, "mem"), ResourceMath.Scalar(grant.Resources, "disk"));
}
