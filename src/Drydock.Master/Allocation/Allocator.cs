using Drydock.Protocol.Resources;

namespace Drydock.Master.Allocation;

/// <summary>
/// Dominant resource fairness over a snapshot, with no I/O. Each agent that has free resources and no outstanding
/// offer is offered, whole, to the framework with the smallest dominant share (cpus, mem, disk of the cluster,
/// counting what it holds and what it was just offered) among those that may use it: not suppressed, not filtering
/// that agent, and with a role its resources are reserved for (or unreserved ones). Ties go to the framework id.
/// </summary>
internal static class Allocator
{
    private static readonly string[] Dominant = ["cpus", "mem", "disk"];

    public static IReadOnlyList<OfferGrant> Allocate(
        IReadOnlyList<AgentSlot> agents,
        IReadOnlyList<FrameworkDemand> frameworks,
        IReadOnlyDictionary<string, IReadOnlyList<Resource>> heldByFramework,
        IReadOnlySet<string> agentsWithOffers)
    {
        var cluster = Dominant.ToDictionary(name => name, name => agents.Sum(a => ResourceMath.Scalar(a.Total, name)));
        var held = frameworks.ToDictionary(
            f => f.FrameworkId,
            f => Dominant.ToDictionary(name => name, name => heldByFramework.TryGetValue(f.FrameworkId, out var h) ? ResourceMath.Scalar(h, name) : 0));
        var grants = new List<OfferGrant>();
        foreach (var agent in agents.Where(a => a.Offerable && !agentsWithOffers.Contains(a.AgentId)).OrderBy(a => a.AgentId, StringComparer.Ordinal))
        {
            var free = ResourceMath.Subtract(agent.Total, agent.Used);
            var candidates = frameworks
                .Where(f => !f.Suppressed && !f.FilteredAgents.Contains(agent.AgentId))
                .Select(f => (Framework: f, Usable: free.Where(r => r.Role == "*" || f.Roles.Contains(r.Role)).ToArray()))
                .Where(c => c.Usable.Length > 0)
                .OrderBy(c => Share(held[c.Framework.FrameworkId], cluster))
                .ThenBy(c => c.Framework.FrameworkId, StringComparer.Ordinal)
                .ToArray();
            if (candidates.Length == 0)
            {
                continue;
            }

            var (framework, usable) = candidates[0];
            grants.Add(new OfferGrant(framework.FrameworkId, agent.AgentId, usable));
            foreach (var name in Dominant)
            {
                held[framework.FrameworkId][name] += ResourceMath.Scalar(usable, name);
            }
        }

        return grants;
    }

    private static double Share(Dictionary<string, double> held, Dictionary<string, double> cluster) =>
        Dominant.Max(name => cluster[name] > 0 ? held[name] / cluster[name] : 0);
}
