namespace Drydock.Protocol.State;

/// <summary>The <c>/tasks</c> document.</summary>
public sealed record TasksResponse(IReadOnlyList<TaskState> Tasks);
