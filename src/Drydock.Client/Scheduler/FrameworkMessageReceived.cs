namespace Drydock.Client.Scheduler;

/// <summary><c>MESSAGE</c>: bytes an executor sent to the framework.</summary>
/// <param name="AgentId">The agent of the executor.</param>
/// <param name="ExecutorId">The executor that sent them.</param>
/// <param name="Data">The bytes (base64 on the wire, decoded here).</param>
public sealed record FrameworkMessageReceived(string AgentId, string ExecutorId, ReadOnlyMemory<byte> Data) : SchedulerStreamEvent("MESSAGE");
