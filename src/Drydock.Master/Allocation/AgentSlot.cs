using Drydock.Protocol.Resources;

namespace Drydock.Master.Allocation;

/// <summary>An agent as the allocator sees it: what it has, what is in use, and whether it may be offered at all.</summary>
internal sealed record AgentSlot(string AgentId, IReadOnlyList<Resource> Total, IReadOnlyList<Resource> Used, bool Offerable);
