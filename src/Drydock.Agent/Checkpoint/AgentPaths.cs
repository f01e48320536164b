namespace Drydock.Agent.Checkpoint;

/// <summary>
/// The agent's work dir, in Mesos's layout (DC/OS: <c>/var/lib/mesos/slave</c>). Everything the agent checkpoints
/// lives under <c>meta/</c>; task sandboxes under <c>slaves/</c>.
/// <code>
/// &lt;work_dir&gt;/drydock.lock                           held (flock) by the agent while it runs; holds its pid (not by its tasks)
/// &lt;work_dir&gt;/meta/boot_id                            boot id of the host when the agent last ran
/// &lt;work_dir&gt;/meta/slaves/latest -&gt; &lt;work_dir&gt;/meta/slaves/&lt;agent_id&gt;   the agent's current identity
/// &lt;work_dir&gt;/meta/slaves/&lt;agent_id&gt;/slave.info       the agent info the master admitted (JSON)
/// &lt;work_dir&gt;/meta/slaves/&lt;agent_id&gt;/drain.config     a drain in progress
/// &lt;work_dir&gt;/meta/slaves/&lt;agent_id&gt;/frameworks/&lt;fw&gt;/framework.info
/// &lt;work_dir&gt;/meta/slaves/&lt;agent_id&gt;/frameworks/&lt;fw&gt;/executors/&lt;ex&gt;/runs/&lt;container&gt;/tasks/&lt;task&gt;/{task.info,task.updates}
/// &lt;work_dir&gt;/slaves/&lt;agent_id&gt;/frameworks/&lt;fw&gt;/executors/&lt;ex&gt;/runs/&lt;container&gt;/   the task's sandbox (stdout, stderr, fetched URIs)
/// &lt;work_dir&gt;/slaves/&lt;agent_id&gt;/frameworks/&lt;fw&gt;/executors/&lt;ex&gt;/runs/latest -&gt; the executor's latest run
/// </code>
/// Every file is written with <see cref="AtomicFile"/>.
/// </summary>
internal sealed class AgentPaths(string workDir)
{
    public string WorkDir { get; } = Path.GetFullPath(workDir);

    public string MetaDir => Path.Combine(WorkDir, "meta");

    public string BootIdFile => Path.Combine(MetaDir, "boot_id");

    public string AgentsMetaDir => Path.Combine(MetaDir, "slaves");

    public string Latest => Path.Combine(AgentsMetaDir, "latest");

    public string AgentMetaDir(string agentId) => Path.Combine(AgentsMetaDir, agentId);

    public string AgentInfoFile(string agentId) => Path.Combine(AgentMetaDir(agentId), "slave.info");

    public string DrainConfigFile(string agentId) => Path.Combine(AgentMetaDir(agentId), "drain.config");

    /// <summary>The FrameworkInfo (protobuf JSON) the master sent with the framework's latest task on this agent.</summary>
    public string FrameworkInfoFile(string agentId, string frameworkId) => Path.Combine(AgentMetaDir(agentId), "frameworks", frameworkId, "framework.info");

    public string SandboxRoot(string agentId) => Path.Combine(WorkDir, "slaves", agentId);

    /// <summary>The agent id <c>latest</c> points at, or null when there is no <c>latest</c>.</summary>
    public string? ReadLatestAgentId()
    {
        var info = new FileInfo(Latest);
        if (info.LinkTarget is not { } target)
        {
            return null;
        }

        return Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar));
    }
}
