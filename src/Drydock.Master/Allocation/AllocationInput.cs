using Drydock.Protocol.Resources;

namespace Drydock.Master.Allocation;

/// <summary>An agent as the allocator sees it: what it has, what is in use, and whether it may be offered at all.</summary>
internal sealed record AgentSlot(string AgentId, IReadOnlyList<Resource> Total, IReadOnlyList<Resource> Used, bool Offerable);

/// <summary>A framework as the allocator sees it: its roles, whether it wants offers, and the agents it filtered.</summary>
internal sealed record FrameworkDemand(string FrameworkId, IReadOnlyList<string> Roles, bool Suppressed, IReadOnlySet<string> FilteredAgents)
{
    /// <summary>The weight of the framework's role (<c>--weights</c>): its dominant share counts divided by it.</summary>
    public double Weight { get; init; } = 1;
}

/// <summary>One offer to make: an agent's free resources for one framework.</summary>
internal sealed record OfferGrant(string FrameworkId, string AgentId, IReadOnlyList<Resource> Resources);
