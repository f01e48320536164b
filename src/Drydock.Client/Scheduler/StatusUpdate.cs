using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>
/// <c>UPDATE</c>: a task's new status. One that carries a <see cref="TaskStatusMessage.Uuid"/> must be acknowledged
/// (<see cref="SchedulerSubscription.AcknowledgeAsync(StatusUpdate, CancellationToken)"/>), or the agent resends it and
/// holds back the task's later updates.
/// </summary>
/// <param name="Status">task_id, state, reason, message, source, agent_id, healthy, uuid, timestamp, unreachable_time, labels.</param>
public sealed record StatusUpdate(TaskStatusMessage Status) : SchedulerStreamEvent("UPDATE")
{
    /// <summary>Whether the update waits for an acknowledgement (it carries a uuid).</summary>
    public bool NeedsAcknowledgement => !string.IsNullOrEmpty(Status.Uuid);

    /// <summary>When the status was made.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks((long)(Status.Timestamp * TimeSpan.TicksPerSecond));
}
