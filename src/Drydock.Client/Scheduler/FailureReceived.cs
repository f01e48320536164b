namespace Drydock.Client.Scheduler;

/// <summary>
/// <c>FAILURE</c>: an agent is lost (only <see cref="AgentId"/> set), or an executor ended (with <see cref="ExecutorId"/>
/// and its exit <see cref="Status"/>).
/// </summary>
/// <param name="AgentId">The agent, when the master named one.</param>
/// <param name="ExecutorId">The executor that ended, when it is an executor's failure.</param>
/// <param name="Status">The executor's wait status, when it is an executor's failure.</param>
public sealed record FailureReceived(string? AgentId, string? ExecutorId, int? Status) : SchedulerStreamEvent("FAILURE");
