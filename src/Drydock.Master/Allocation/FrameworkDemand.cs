namespace Drydock.Master.Allocation;

/// <summary>
/// A framework as the allocator sees it: its roles (none means <c>*</c>), whether it wants offers, and the agents it
/// filtered.
/// </summary>
internal sealed record FrameworkDemand(string FrameworkId, IReadOnlyList<string> Roles, bool Suppressed, IReadOnlySet<string> FilteredAgents);
