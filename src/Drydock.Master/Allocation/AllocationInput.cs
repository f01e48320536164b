using Drydock.Protocol.Resources;

namespace Drydock.Master.Allocation;

/// <summary>One snapshot for <see cref="Allocator.Allocate"/>: the agents, the frameworks, and what is already held.</summary>
internal sealed record AllocationInput(IReadOnlyList<AgentSlot> Agents, IReadOnlyList<FrameworkDemand> Frameworks)
{
    /// <summary>What frameworks hold per role: outstanding offers and resources of tasks not yet terminal.</summary>
    public IReadOnlyList<RoleHolding> Held { get; init; } = [];

    /// <summary>Agents with an outstanding offer: they are not offered again until it is answered or rescinded.</summary>
    public IReadOnlySet<string> AgentsWithOffers { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The cluster's total resources, over which shares are taken. Null: the sum of <see cref="Agents"/>' totals. A caller
    /// that passes only the agents worth looking at (an incremental cycle) passes the whole cluster's total here.
    /// </summary>
    public IReadOnlyList<Resource>? ClusterTotal { get; init; }

    /// <summary>Role weights; a role not listed weighs 1.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);
}
