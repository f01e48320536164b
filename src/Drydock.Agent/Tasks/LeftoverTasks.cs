using System.Text.Json;
using Drydock.Agent.Checkpoint;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Tasks;

/// <summary>
/// Task processes left by earlier runs of the agent under agent ids it no longer has (<c>latest</c> removed, a reboot
/// with changed info): nobody will report on them, and the master has already told their frameworks they are lost, so
/// they are killed before the agent registers (the reference procedure promises that every task on an agent that comes
/// back under a new id is terminated). Each is recognised by its checkpointed pid and start time, so a process that
/// reuses the pid is never hit. Each end is recorded in the run (<c>killed</c>, <c>reported</c>), so nothing looks at it
/// again.
/// </summary>
internal sealed partial class LeftoverTasks(AgentPaths paths, TimeProvider time, ILogger<LeftoverTasks> logger)
{
    private static readonly TimeSpan MaxGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Kills the live tasks of every agent id under the work dir but <paramref name="currentAgentId"/> (null: all), each
    /// with its own grace period (at most 30 s), and waits until they are gone. Returns how many were killed.
    /// </summary>
    public async Task<int> KillAsync(string? currentAgentId, string bootId, CancellationToken cancellationToken)
    {
        var kills = new List<Task<bool>>();
        var agents = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (agentId, run, launch) in Find(currentAgentId))
        {
            agents.Add(agentId);
            kills.Add(KillOneAsync(agentId, run, launch, bootId, cancellationToken));
        }

        var killed = (await Task.WhenAll(kills)).Count(k => k);
        if (killed > 0)
        {
            LogKilledAll(killed, string.Join(", ", agents));
        }

        return killed;
    }

    private IEnumerable<(string AgentId, TaskRunPaths Run, TaskLaunch? Launch)> Find(string? currentAgentId)
    {
        if (!Directory.Exists(paths.AgentsMetaDir))
        {
            yield break;
        }

        foreach (var agentDir in new DirectoryInfo(paths.AgentsMetaDir).EnumerateDirectories())
        {
            if (agentDir.LinkTarget is not null || agentDir.Name == currentAgentId)
            {
                // latest, or the identity this run goes on with (its tasks are re-adopted).
                continue;
            }

            var frameworks = Path.Combine(agentDir.FullName, "frameworks");
            if (!Directory.Exists(frameworks))
            {
                continue;
            }

            foreach (var infoFile in Directory.EnumerateFiles(frameworks, "task.info", SearchOption.AllDirectories))
            {
                // frameworks/<fw>/executors/<task>/runs/<container>/task.info
                var metaDir = new DirectoryInfo(Path.GetDirectoryName(infoFile)!);
                var taskDir = metaDir.Parent?.Parent;
                var frameworkDir = taskDir?.Parent?.Parent;
                if (taskDir is null || frameworkDir is null)
                {
                    continue;
                }

                var run = TaskRunPaths.For(paths, agentDir.Name, frameworkDir.Name, taskDir.Name, metaDir.Name);
                if (File.Exists(run.Reported) || File.Exists(run.ExitStatus))
                {
                    continue;
                }

                yield return (agentDir.Name, run, ReadLaunch(infoFile));
            }
        }
    }

    private async Task<bool> KillOneAsync(string agentId, TaskRunPaths run, TaskLaunch? launch, string bootId, CancellationToken cancellationToken)
    {
        var taskId = launch?.TaskId ?? Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(run.MetaDir)))!;
        if (TaskProcessIdentity.Read(run) is not { } process)
        {
            // No pid and start time recorded: the pid alone could name anyone by now, so the process is left alone.
            LogUnidentified(taskId, agentId);
            return false;
        }

        if (!process.IsAlive(bootId))
        {
            // Ended (or gone with a reboot) while no agent watched it.
            Record(run, "ended while its agent was away");
            return false;
        }

        AtomicFile.WriteAllText(run.Killed, "killed", durable: false);
        var grace = launch?.KillGracePeriod is { } own && own < MaxGrace ? own : MaxGrace;
        _ = NativeMethods.Kill(-process.Pid, Signals.Term);
        _ = NativeMethods.Kill(process.Pid, Signals.Term);
        if (!await GoneAsync(process, bootId, grace, cancellationToken))
        {
            _ = NativeMethods.Kill(-process.Pid, Signals.Kill);
            _ = NativeMethods.Kill(process.Pid, Signals.Kill);
            await GoneAsync(process, bootId, TimeSpan.FromSeconds(5), cancellationToken);
        }

        Record(run, "killed: the agent started under a new agent id");
        LogKilled(taskId, launch?.FrameworkId ?? string.Empty, agentId, process.Pid);
        return true;
    }

    private async Task<bool> GoneAsync(TaskProcessIdentity process, string bootId, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + within;
        while (process.IsAlive(bootId))
        {
            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(Poll, time, cancellationToken);
        }

        return true;
    }

    private static void Record(TaskRunPaths run, string how) => AtomicFile.WriteAllText(run.Reported, how, durable: false);

    private static TaskLaunch? ReadLaunch(string infoFile)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(infoFile), AgentJsonContext.Default.TaskLaunch);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed task {TaskId} of framework {FrameworkId} left by agent {AgentId} (pid {Pid})")]
    private partial void LogKilled(string taskId, string frameworkId, string agentId, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed {Count} task(s) left by earlier runs of this agent under agent id(s) {AgentIds}")]
    private partial void LogKilledAll(int count, string agentIds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} left by agent {AgentId} has no recorded pid and start time; its process is left alone")]
    private partial void LogUnidentified(string taskId, string agentId);
}
