using Drydock.Agent.Tasks;

namespace Drydock.Agent.Http;

/// <summary>
/// One run of an executor as the agent's checkpoints record it. A command task is its own executor (the executor id
/// is the task id), so a run holds exactly one task.
/// </summary>
internal sealed record ExecutorRun(
    string FrameworkId,
    string ExecutorId,
    string ContainerId,
    string Directory,
    TaskLaunch Launch,
    IReadOnlyList<RecordedStatus> Statuses,
    bool Reported)
{
    private static readonly HashSet<string> TerminalStates = new(StringComparer.Ordinal)
    {
        "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_GONE",
        "TASK_GONE_BY_OPERATOR",
    };

    /// <summary>The task's latest state; TASK_STAGING before its first update.</summary>
    public string State => Statuses.Count > 0 ? Statuses[^1].State : "TASK_STAGING";

    /// <summary>The task has ended, so the executor has too.</summary>
    public bool Completed => TerminalStates.Contains(State);

    /// <summary>The task ended and the master acknowledged its end: the executor is done (Mesos's completed executor).</summary>
    public bool Done => Completed && Reported;
}

/// <summary>A status update from the task's log: its state, time and the TaskStatus JSON as it was sent.</summary>
internal sealed record RecordedStatus(string State, double Timestamp, string StatusJson);
