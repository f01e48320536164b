using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Scheduler;

/// <summary>
/// Applies a Mesos task status to the instance it belongs to, as marathon.md §8.5 describes: live states are recorded
/// (the first RUNNING sets <c>startedAt</c>); a terminal state keeps an instance whose goal is Running (the launch queue
/// relaunches it as its next incarnation) and expunges a decommissioned one; TASK_UNREACHABLE, and TASK_LOST for a
/// disconnected or removed agent, follow the app's unreachableStrategy. Pure.
/// </summary>
internal static class StatusMapping
{
    private static readonly HashSet<string> UnreachableReasons = new(StringComparer.Ordinal)
    {
        "REASON_RECONCILIATION", "REASON_SLAVE_DISCONNECTED", "REASON_AGENT_DISCONNECTED", "REASON_SLAVE_REMOVED", "REASON_AGENT_REMOVED",
    };

    private static readonly HashSet<string> FailureStates = new(StringComparer.Ordinal)
    {
        TaskStates.Failed, TaskStates.Error, TaskStates.Lost, TaskStates.Dropped, TaskStates.Gone, TaskStates.GoneByOperator, TaskStates.Unknown,
    };

    /// <summary>The Mesos state the status amounts to for the instance: TASK_LOST is read as Marathon reads it.</summary>
    public static string Condition(TaskStatusMessage status)
    {
        if (status.State != TaskStates.Lost)
        {
            return status.State;
        }

        if (status.Reason == "REASON_TASK_UNKNOWN" || status.Message?.StartsWith("Reconciliation: Task is unknown to the", StringComparison.Ordinal) == true)
        {
            return TaskStates.Unknown;
        }

        return status.Reason is { } reason && UnreachableReasons.Contains(reason) ? TaskStates.Unreachable : TaskStates.Gone;
    }

    public static StatusOutcome Apply(Instance instance, AppDefinition? app, TaskStatusMessage status, DateTimeOffset now)
    {
        var parsed = InstanceId.ParseTaskId(status.TaskId);
        var condition = Condition(status);
        if (parsed is not { } task || task.Incarnation != instance.Incarnation)
        {
            // An earlier incarnation of the instance: it should not be alive.
            return new StatusOutcome(instance, Kill: !TaskStates.IsTerminal(condition) && condition != TaskStates.Unreachable, Failure: false);
        }

        var decommissioned = instance.Goal == InstanceGoal.Decommissioned || app is null;
        if (condition == TaskStates.Unreachable && decommissioned && status.State == TaskStates.Lost)
        {
            // The master gave the task up (its agent was removed, e.g. by /machine/down): a task this scheduler was
            // killing anyway is gone, so the instance goes rather than wait for an agent that will not return with it.
            return new StatusOutcome(null, Kill: false, Failure: false);
        }

        if (condition == TaskStates.Unreachable)
        {
            return Unreachable(instance, app, status, now, decommissioned);
        }

        if (TaskStates.IsTerminal(condition))
        {
            var failure = FailureStates.Contains(status.State) || FailureStates.Contains(condition);
            if (decommissioned)
            {
                return new StatusOutcome(null, Kill: false, Failure: failure);
            }

            return new StatusOutcome(instance with { State = condition, Healthy = null, UnreachableSince = null, UnreachableInactive = false }, Kill: false, Failure: failure);
        }

        var updated = instance with
        {
            State = condition,
            StartedAt = condition == TaskStates.Running ? instance.StartedAt ?? now : instance.StartedAt,
            StartingAt = condition == TaskStates.Starting ? instance.StartingAt ?? now : instance.StartingAt,
            Healthy = status.Healthy ?? instance.Healthy,
            UnreachableSince = null,
            UnreachableInactive = false,
        };
        return new StatusOutcome(updated, Kill: decommissioned, Failure: false);
    }

    /// <summary>
    /// Whether an unreachable instance has been away past its app's limits now: inactive (no longer counted, a
    /// replacement starts) after <c>inactiveAfterSeconds</c>, expunged after <c>expungeAfterSeconds</c>.
    /// </summary>
    public static StatusOutcome Age(Instance instance, AppDefinition? app, DateTimeOffset now)
    {
        if (instance.UnreachableSince is not { } since)
        {
            return new StatusOutcome(instance, false, false);
        }

        if (app is null || instance.Goal == InstanceGoal.Decommissioned)
        {
            return new StatusOutcome(instance, false, false);
        }

        var strategy = app.UnreachableStrategy;
        if (strategy.Disabled)
        {
            return new StatusOutcome(instance, false, false);
        }

        var away = now - since;
        var inactive = away >= strategy.InactiveAfter;
        if (inactive && away >= strategy.ExpungeAfter)
        {
            return new StatusOutcome(null, false, false);
        }

        return new StatusOutcome(instance with { UnreachableInactive = inactive }, false, false);
    }

    private static StatusOutcome Unreachable(Instance instance, AppDefinition? app, TaskStatusMessage status, DateTimeOffset now, bool decommissioned)
    {
        var since = instance.UnreachableSince
            ?? (status.UnreachableTimeNanoseconds is { } ns ? DateTimeOffset.UnixEpoch.AddTicks(ns / 100) : now);
        var away = instance with { State = TaskStates.Unreachable, UnreachableSince = since, Healthy = null };
        if (decommissioned)
        {
            // Nothing can be killed on an unreachable agent; the goal stays, so the task is killed if it comes back.
            return new StatusOutcome(away, false, false);
        }

        return Age(away, app, now);
    }
}
