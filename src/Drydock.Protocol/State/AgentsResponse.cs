namespace Drydock.Protocol.State;

/// <summary>The <c>/slaves</c> document.</summary>
public sealed record AgentsResponse(IReadOnlyList<AgentState> Slaves, IReadOnlyList<AgentSummary> RecoveredSlaves);
