using Drydock.Protocol.Resources;

namespace Drydock.Master.Allocation;

/// <summary>
/// Dominant resource fairness over a snapshot, with no I/O. Each agent that has free resources and no outstanding
/// offer is offered, whole, to the framework with the smallest dominant share (cpus, mem, disk of the cluster,
/// counting what it holds and what it was just offered) among those that may use it: not suppressed, not filtering
/// that agent, and with a role its resources are reserved for (or unreserved ones). Ties go to the framework id.
/// A framework's share is divided by its role's weight (<c>--weights</c>; 1 by default), so a role of weight 2 is
/// offered until it holds twice the share of a role of weight 1. Drydock weighs frameworks by the role they list
/// first; Mesos's hierarchical DRF shares between roles first and frameworks second.
/// Frameworks are kept in a set ordered by share, so an agent usually costs one look at the head of the set: a cycle
/// is O(agents × log frameworks), not O(agents × frameworks).
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
        var cluster = new double[Dominant.Length];
        foreach (var agent in agents)
        {
            for (var i = 0; i < Dominant.Length; i++)
            {
                cluster[i] += ResourceMath.Scalar(agent.Total, Dominant[i]);
            }
        }

        // Frameworks that want offers, ordered by dominant share then id; a grant moves its framework in the order.
        var held = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var byShare = new SortedSet<(double Share, string Id)>(ShareOrder.Instance);
        var demands = new Dictionary<string, FrameworkDemand>(StringComparer.Ordinal);
        foreach (var framework in frameworks.Where(f => !f.Suppressed))
        {
            var amounts = new double[Dominant.Length];
            if (heldByFramework.TryGetValue(framework.FrameworkId, out var h))
            {
                for (var i = 0; i < Dominant.Length; i++)
                {
                    amounts[i] = ResourceMath.Scalar(h, Dominant[i]);
                }
            }

            held[framework.FrameworkId] = amounts;
            demands[framework.FrameworkId] = framework;
            byShare.Add((Share(amounts, cluster) / framework.Weight, framework.FrameworkId));
        }

        var grants = new List<OfferGrant>();
        foreach (var agent in agents.Where(a => a.Offerable && !agentsWithOffers.Contains(a.AgentId)).OrderBy(a => a.AgentId, StringComparer.Ordinal))
        {
            var free = ResourceMath.Subtract(agent.Total, agent.Used);
            if (free.Count == 0)
            {
                continue;
            }

            var anyUnreserved = free.Any(r => r.Role == "*");
            foreach (var (share, id) in byShare)
            {
                var framework = demands[id];
                if (framework.FilteredAgents.Contains(agent.AgentId) || (!anyUnreserved && !free.Any(r => framework.Roles.Contains(r.Role))))
                {
                    continue;
                }

                var usable = free.Where(r => r.Role == "*" || framework.Roles.Contains(r.Role)).ToArray();
                grants.Add(new OfferGrant(id, agent.AgentId, usable));
                var amounts = held[id];
                for (var i = 0; i < Dominant.Length; i++)
                {
                    amounts[i] += ResourceMath.Scalar(usable, Dominant[i]);
                }

                byShare.Remove((share, id));
                byShare.Add((Share(amounts, cluster) / framework.Weight, id));
                break;
            }
        }

        return grants;
    }

    private static double Share(double[] held, double[] cluster)
    {
        var share = 0.0;
        for (var i = 0; i < held.Length; i++)
        {
            if (cluster[i] > 0)
            {
                share = Math.Max(share, held[i] / cluster[i]);
            }
        }

        return share;
    }

    /// <summary>Smallest dominant share first; ties go to the framework id (ordinal).</summary>
    private sealed class ShareOrder : IComparer<(double Share, string Id)>
    {
        public static readonly ShareOrder Instance = new();

        public int Compare((double Share, string Id) x, (double Share, string Id) y)
        {
            var byShare = x.Share.CompareTo(y.Share);
            return byShare != 0 ? byShare : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
