namespace Drydock.Protocol.State;

/// <summary>The <c>/master/state-summary</c> document.</summary>
public sealed record MasterStateSummary(
    string Hostname,
    string? Cluster,
    IReadOnlyList<AgentState> Slaves,
    IReadOnlyList<FrameworkState> Frameworks);
