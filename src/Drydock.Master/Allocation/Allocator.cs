using Drydock.Protocol.Resources;

namespace Drydock.Master.Allocation;

/// <summary>
/// Hierarchical dominant resource fairness over a snapshot, with no I/O: roles share the cluster first, and the
/// frameworks of a role share what the role gets. Agents that may be offered, have free resources and have no
/// outstanding offer are taken in id order:
/// <list type="number">
/// <item>The agent's unreserved free resources, with those reserved for the chosen role, go to the role with the
/// smallest weighted dominant share that has a framework able to use the agent (ties by role name), and within it to
/// that role's framework with the smallest dominant share in the role (ties by framework id).</item>
/// <item>Resources reserved for any other role go to that role's framework chosen the same way.</item>
/// </list>
/// A framework can use an agent when it is not suppressed and has not filtered the agent. A dominant share is the
/// largest of held cpus, mem and disk over the cluster's totals; a role's is what all its frameworks hold in it,
/// divided by the role's weight (1 unless set). A framework with several roles is queued in each, by what it holds in
/// that role, and each grant names the role it is for.
/// Roles, and each role's frameworks, are kept in sets ordered by share, so a grant costs O(log roles + log frameworks
/// in the role) and an agent usually one look at the head of each set (each framework that filtered the agent, or
/// role whose frameworks all did, costs one more step).
/// </summary>
internal static class Allocator
{
    private static readonly string[] Dominant = ["cpus", "mem", "disk"];

    public static IReadOnlyList<OfferGrant> Allocate(AllocationInput input)
    {
        var cluster = new double[Dominant.Length];
        if (input.ClusterTotal is { } total)
        {
            Add(cluster, total);
        }
        else
        {
            foreach (var agent in input.Agents)
            {
                Add(cluster, agent.Total);
            }
        }

        // What each role holds, and each framework in each of its roles; a grant adds to both.
        var heldByRole = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var heldByFramework = new Dictionary<(string Framework, string Role), double[]>();
        foreach (var holding in input.Held)
        {
            Add(Amounts(heldByRole, holding.Role), holding.Resources);
            Add(Amounts(heldByFramework, (holding.FrameworkId, holding.Role)), holding.Resources);
        }

        double WeightOf(string role) => input.Weights.TryGetValue(role, out var weight) && weight > 0 ? weight : 1;
        double RoleShare(string role) => Share(heldByRole.GetValueOrDefault(role), cluster) / WeightOf(role);

        // Roles with a framework that wants offers, and those frameworks per role, each ordered by share.
        var demands = new Dictionary<string, FrameworkDemand>(StringComparer.Ordinal);
        var roles = new ShareQueue();
        var frameworksIn = new Dictionary<string, ShareQueue>(StringComparer.Ordinal);
        foreach (var framework in input.Frameworks.Where(f => !f.Suppressed))
        {
            demands[framework.FrameworkId] = framework;
            foreach (var role in RolesOf(framework))
            {
                if (!frameworksIn.TryGetValue(role, out var queue))
                {
                    frameworksIn[role] = queue = new ShareQueue();
                    roles.Set(role, RoleShare(role));
                }

                queue.Set(framework.FrameworkId, Share(heldByFramework.GetValueOrDefault((framework.FrameworkId, role)), cluster));
            }
        }

        var grants = new List<OfferGrant>();
        void Grant(string frameworkId, string role, string agentId, Resource[] resources)
        {
            grants.Add(new OfferGrant(frameworkId, role, agentId, resources));
            var held = Amounts(heldByFramework, (frameworkId, role));
            Add(held, resources);
            Add(Amounts(heldByRole, role), resources);
            frameworksIn[role].Set(frameworkId, Share(held, cluster));
            roles.Set(role, RoleShare(role));
        }

        foreach (var agent in input.Agents.Where(a => a.Offerable && !input.AgentsWithOffers.Contains(a.AgentId)).OrderBy(a => a.AgentId, StringComparer.Ordinal))
        {
            var free = ResourceMath.Subtract(agent.Total, agent.Used);
            if (free.Count == 0)
            {
                continue;
            }

            string? CanUse(string frameworkId) => demands[frameworkId].FilteredAgents.Contains(agent.AgentId) ? null : frameworkId;

            string? chosenRole = null;
            if (free.Any(r => !r.IsReserved)
                && roles.First(role => frameworksIn[role].First(CanUse) is { } id ? new Choice(role, id) : null) is { } choice)
            {
                chosenRole = choice.Role;
                Grant(choice.FrameworkId, choice.Role, agent.AgentId, free.Where(r => !r.IsReserved || r.Role == choice.Role).ToArray());
            }

            foreach (var role in free.Where(r => r.IsReserved && r.Role != chosenRole).Select(r => r.Role).Distinct().Order(StringComparer.Ordinal))
            {
                if (frameworksIn.TryGetValue(role, out var queue) && queue.First(CanUse) is { } frameworkId)
                {
                    Grant(frameworkId, role, agent.AgentId, free.Where(r => r.Role == role).ToArray());
                }
            }
        }

        return grants;
    }

    private static IEnumerable<string> RolesOf(FrameworkDemand framework) =>
        framework.Roles.Count == 0 ? ["*"] : framework.Roles.Distinct(StringComparer.Ordinal);

    private static double[] Amounts<TKey>(Dictionary<TKey, double[]> amounts, TKey key)
        where TKey : notnull
    {
        if (!amounts.TryGetValue(key, out var values))
        {
            amounts[key] = values = new double[Dominant.Length];
        }

        return values;
    }

    private static void Add(double[] amounts, IReadOnlyList<Resource> resources)
    {
        for (var i = 0; i < Dominant.Length; i++)
        {
            amounts[i] += ResourceMath.Scalar(resources, Dominant[i]);
        }
    }

    private static double Share(double[]? held, double[] cluster)
    {
        var share = 0.0;
        for (var i = 0; held is not null && i < held.Length; i++)
        {
            if (cluster[i] > 0)
            {
                share = Math.Max(share, held[i] / cluster[i]);
            }
        }

        return share;
    }

    private sealed record Choice(string Role, string FrameworkId);
}
