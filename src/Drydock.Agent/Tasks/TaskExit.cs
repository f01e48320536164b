namespace Drydock.Agent.Tasks;

/// <summary>How a task ended: its wait status (exit code, or 128+N for signal N) and whether the agent killed it.</summary>
internal sealed record TaskExit(string FrameworkId, string TaskId, int Status, bool KilledByRequest)
{
    /// <summary>The kill came from the task's health check (its end then reports <c>healthy: false</c>, as Mesos's).</summary>
    public bool KilledByHealthCheck { get; init; }

    /// <summary>The Mesos state the end maps to.</summary>
    public string State => KilledByRequest ? "TASK_KILLED" : Status == 0 ? "TASK_FINISHED" : "TASK_FAILED";

    public string Message => KilledByRequest ? "Task killed"
        : Status == 0 ? "Command exited with status 0"
        : Status > 128 ? $"Command terminated with signal {Status - 128}"
        : $"Command exited with status {Status}";
}
