using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>
/// Which task statuses add launch delay (marathon.md §8.4, §8.5). Failed, Finished, Error, Dropped and Gone add;
/// Killed, Unreachable and Unknown do not; Staging, Starting and Running move the reference; a draining reason on
/// TASK_KILLED or TASK_GONE_BY_OPERATOR resets. Beyond Marathon, an instance lost to maintenance never adds delay:
/// TASK_GONE_BY_OPERATOR of an agent removed by the operator, any drain reason, and (when the caller knows the agent
/// was due for maintenance) TASK_LOST, TASK_GONE and TASK_GONE_BY_OPERATOR.
/// </summary>
internal static class BackoffRules
{
    /// <summary>The prefix of the message Mesos puts on a TASK_LOST for a task it does not know.</summary>
    public const string UnknownTaskMessage = "Reconciliation: Task is unknown to the";

    public static BackoffEffect Classify(string state, string? reason = null, string? message = null, bool agentUnderMaintenance = false)
    {
        if (IsDraining(reason))
        {
            return state is TaskStates.Killed or TaskStates.GoneByOperator ? BackoffEffect.Reset : IsLaunching(state) ? BackoffEffect.MoveReference : BackoffEffect.None;
        }

        if (agentUnderMaintenance && state is TaskStates.Lost or TaskStates.Gone or TaskStates.GoneByOperator or TaskStates.Unreachable)
        {
            return BackoffEffect.None;
        }

        return state switch
        {
            TaskStates.Staging or TaskStates.Starting or TaskStates.Running => BackoffEffect.MoveReference,
            TaskStates.Failed or TaskStates.Finished or TaskStates.Error or TaskStates.Dropped or TaskStates.Gone => BackoffEffect.AddDelay,
            TaskStates.GoneByOperator => IsRemovedByOperator(reason) ? BackoffEffect.None : BackoffEffect.AddDelay,
            TaskStates.Lost => LostIsGone(reason, message) ? BackoffEffect.AddDelay : BackoffEffect.None,
            _ => BackoffEffect.None,
        };
    }

    /// <summary>REASON_AGENT_DRAINING (v1) or REASON_SLAVE_DRAINING (v0), enum value 34.</summary>
    public static bool IsDraining(string? reason) => reason is "REASON_AGENT_DRAINING" or "REASON_SLAVE_DRAINING";

    private static bool IsLaunching(string state) => state is TaskStates.Staging or TaskStates.Starting or TaskStates.Running;

    private static bool IsRemovedByOperator(string? reason) => reason is "REASON_AGENT_REMOVED_BY_OPERATOR" or "REASON_SLAVE_REMOVED_BY_OPERATOR";

    /// <summary>A TASK_LOST maps to Unknown or Unreachable for these; to Gone (a failure) for any other reason.</summary>
    private static bool LostIsGone(string? reason, string? message)
    {
        if (message is not null && message.StartsWith(UnknownTaskMessage, StringComparison.Ordinal))
        {
            return false;
        }

        return reason is not ("REASON_TASK_UNKNOWN" or "REASON_RECONCILIATION"
            or "REASON_SLAVE_DISCONNECTED" or "REASON_AGENT_DISCONNECTED"
            or "REASON_SLAVE_REMOVED" or "REASON_AGENT_REMOVED");
    }
}
