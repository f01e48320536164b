using Drydock.Protocol.Resources;

namespace Drydock.Master.Allocation;

/// <summary>
/// Resources a framework holds (offered or in use) in one of its roles. Several holdings of the same framework and
/// role add up.
/// </summary>
internal sealed record RoleHolding(string FrameworkId, string Role, IReadOnlyList<Resource> Resources);
