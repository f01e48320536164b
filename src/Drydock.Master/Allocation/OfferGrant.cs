using Drydock.Protocol.Resources;

namespace Drydock.Master.Allocation;

/// <summary>
/// One offer to make: free resources of an agent for one framework in one of its roles. The resources are unreserved
/// or reserved for that role.
/// </summary>
internal sealed record OfferGrant(string FrameworkId, string Role, string AgentId, IReadOnlyList<Resource> Resources);
