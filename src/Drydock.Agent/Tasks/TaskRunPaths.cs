using Drydock.Agent.Checkpoint;

namespace Drydock.Agent.Tasks;

/// <summary>
/// Where one run of a task lives. The executor is the task itself (a command task), so the executor id is the task id.
/// <code>
/// meta/slaves/&lt;agent&gt;/frameworks/&lt;fw&gt;/executors/&lt;task&gt;/runs/&lt;container&gt;/
///   task.info        the launch (JSON)
///   supervisor.pid   the supervising shell
///   task.pid         the task's process (and process group) id, written by the supervisor
///   task.start       "&lt;boot id&gt; &lt;start time&gt;" of that process (/proc/&lt;pid&gt;/stat field 22), written just before task.pid
///   exit_status      the task's wait status (128+N for signal N), written by the supervisor when it ends
///   killed           present once the agent killed the task: "killed" (asked to) or "health check" (it failed them)
///   task.updates     the task's status updates and their acknowledgements, one JSON record per line
///   reported         present once the task's terminal update was acknowledged
/// slaves/&lt;agent&gt;/frameworks/&lt;fw&gt;/executors/&lt;task&gt;/runs/&lt;container&gt;/   the sandbox: stdout, stderr, and
///   the task's fetched URIs (by output_file or last path segment) with what their archives held
/// </code>
/// </summary>
internal sealed record TaskRunPaths(string MetaDir, string Sandbox)
{
    public static TaskRunPaths For(AgentPaths paths, string agentId, string frameworkId, string taskId, string containerId) => new(
        Path.Combine(paths.AgentMetaDir(agentId), "frameworks", frameworkId, "executors", taskId, "runs", containerId),
        Path.Combine(paths.SandboxRoot(agentId), "frameworks", frameworkId, "executors", taskId, "runs", containerId));

    public string TaskInfo => Path.Combine(MetaDir, "task.info");

    public string SupervisorPid => Path.Combine(MetaDir, "supervisor.pid");

    public string TaskPid => Path.Combine(MetaDir, "task.pid");

    public string TaskStart => Path.Combine(MetaDir, "task.start");

    public string Reported => Path.Combine(MetaDir, "reported");

    public string ExitStatus => Path.Combine(MetaDir, "exit_status");

    public string Killed => Path.Combine(MetaDir, "killed");

    public string Updates => Path.Combine(MetaDir, "task.updates");
}
