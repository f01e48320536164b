using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Drydock.Agent.Checkpoint;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Tasks;

/// <summary>
/// Runs tasks as real processes that outlive the agent. Each task gets a supervisor: a small <c>sh</c> started with
/// <c>setsid</c> (its own session, so neither the agent's death nor a Ctrl-C to the agent reaches it) that starts the
/// task in a process group of its own with default signal dispositions, records its pid, waits for it and records its wait status atomically. The agent
/// only reads those files, so a restarted agent re-adopts running tasks and learns the real status of tasks that ended
/// while it was down. A supervisor costs one shell process (about 1 MB).
/// </summary>
internal sealed partial class TaskSupervisor(AgentPaths paths, string agentId, TimeProvider time, ILogger<TaskSupervisor> logger) : IAsyncDisposable, IDisposable
{
    private const string SupervisorName = "drydock-supervisor";

    // $1 sandbox, $2 task pid file, $3 exit status file, $4 task start file; the rest is the task's argv.
    // The supervisor first lets go of the agent's stdin/stdout/stderr, so it holds nothing of the agent's open.
    // The start file (boot id and /proc/<pid>/stat field 22, the start time in clock ticks since boot) is written before
    // the pid file: whoever finds the pid can tell the task's process from a later one that reuses its pid. The task
    // cannot be gone from /proc yet, since the supervisor has not waited for it.
    // The task starts with every signal at its default: a shell's `&` makes its child ignore SIGINT and SIGQUIT, an
    // agent started with signals ignored would hand that on, and a shell cannot undo an ignore (env can, then execs).
    private const string SupervisorScript = """
        exec </dev/null >/dev/null 2>&1
        cd "$1" || exit 127
        pid_file=$2; exit_file=$3; start_file=$4; shift 4
        env --default-signal setsid "$@" >stdout 2>stderr </dev/null &
        pid=$!
        boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
        stat=$(cat "/proc/$pid/stat" 2>/dev/null)
        set -- ${stat##*) }
        echo "$boot ${20}" >"$start_file.tmp" && mv "$start_file.tmp" "$start_file"
        echo "$pid" >"$pid_file.tmp" && mv "$pid_file.tmp" "$pid_file"
        wait "$pid"
        status=$?
        echo "$status" >"$exit_file.tmp" && mv "$exit_file.tmp" "$exit_file"
        """;

    /// <summary>What <c>killed</c> holds when the kill was asked for (by the framework, a drain, a shutdown).</summary>
    public const string KilledOnRequest = "killed";

    /// <summary>What <c>killed</c> holds when the task's health check failed too often.</summary>
    public const string KilledByHealthCheck = "health check";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<(string Framework, string Task), TaskRunPaths> _running = new();
    private readonly Channel<TaskExit> _exits = Channel.CreateUnbounded<TaskExit>();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Every task end, in the order observed.</summary>
    public ChannelReader<TaskExit> Exits => _exits.Reader;

    public IReadOnlyCollection<(string Framework, string Task)> Running => _running.Keys.ToArray();

    /// <summary>
    /// Starts a task under a new supervisor. With <paramref name="watch"/> false its end is not looked for until
    /// <see cref="Watch"/> is called (so the caller can record that it runs first).
    /// </summary>
    public TaskRunPaths Launch(TaskLaunch launch, bool watch = true) => Start(launch, Prepare(launch.FrameworkId, launch.TaskId), watch);

    /// <summary>
    /// Makes a new run of a task: its sandbox (where its URIs are fetched before it starts) and its checkpoint folder.
    /// Nothing of it is recovered until <see cref="Start"/> writes its <c>task.info</c>.
    /// </summary>
    public TaskRunPaths Prepare(string frameworkId, string taskId)
    {
        var run = TaskRunPaths.For(paths, agentId, frameworkId, taskId, Guid.NewGuid().ToString());
        Directory.CreateDirectory(run.Sandbox);
        Directory.CreateDirectory(run.MetaDir);
        // As Mesos: runs/latest names the executor's latest run (the file endpoints' `/slaves/.../runs/latest`).
        AtomicFile.ReplaceSymlink(Path.Combine(Path.GetDirectoryName(run.Sandbox)!, "latest"), run.Sandbox);
        return run;
    }

    /// <summary>
    /// The environment a task runs with (and its COMMAND health check): Mesos's <c>MESOS_*</c> variables under the
    /// task's own.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(TaskLaunch launch, TaskRunPaths run)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MESOS_SANDBOX"] = run.Sandbox,
            ["MESOS_TASK_ID"] = launch.TaskId,
            ["MESOS_FRAMEWORK_ID"] = launch.FrameworkId,
            ["MESOS_AGENT_ID"] = agentId,
        };
        foreach (var (key, value) in launch.Environment)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Starts a prepared run's task under a new supervisor (see <see cref="Launch"/>).</summary>
    public TaskRunPaths Start(TaskLaunch launch, TaskRunPaths run, bool watch = true)
    {
        // task.info and supervisor.pid are replaced atomically but not flushed to disk: they only matter while the machine
        // stays up (a restarted agent re-adopts from them); after a machine crash the task is gone with it, and the
        // master learns so when the agent re-registers without it. The status updates are what must be durable.
        AtomicFile.WriteAllBytes(run.TaskInfo, JsonSerializer.SerializeToUtf8Bytes(launch, AgentJsonContext.Default.TaskLaunch), durable: false);

        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = run.Sandbox };
        foreach (var arg in new[] { "/bin/sh", "-c", SupervisorScript, SupervisorName, run.Sandbox, run.TaskPid, run.ExitStatus, run.TaskStart })
        {
            info.ArgumentList.Add(arg);
        }

        if (launch.Shell)
        {
            info.ArgumentList.Add("/bin/sh");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(launch.Command);
        }
        else
        {
            info.ArgumentList.Add(launch.Command);
            foreach (var arg in launch.Arguments.Skip(1))
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (var (key, value) in Environment(launch, run))
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("setsid did not start");
        AtomicFile.WriteAllText(run.SupervisorPid, process.Id.ToString(CultureInfo.InvariantCulture), durable: false);
        _running[(launch.FrameworkId, launch.TaskId)] = run;
        LogLaunched(launch.TaskId, launch.FrameworkId, process.Id);
        if (watch)
        {
            Watch(launch, run);
        }

        return run;
    }

    /// <summary>Starts looking for the end of a launched task; it is reported through <see cref="Exits"/>.</summary>
    public void Watch(TaskLaunch launch, TaskRunPaths run) => _ = WatchAsync(launch, run, ReadPid(run.SupervisorPid) ?? 0);

    /// <summary>
    /// Kills a task: SIGTERM to its process group, then SIGKILL once <paramref name="grace"/> has passed. The request is
    /// checkpointed first, so the end is reported as TASK_KILLED even across an agent restart.
    /// </summary>
    public async Task KillAsync(string frameworkId, string taskId, TimeSpan grace, CancellationToken cancellationToken, string cause = KilledOnRequest)
    {
        if (!_running.TryGetValue((frameworkId, taskId), out var run) || File.Exists(run.ExitStatus))
        {
            return;
        }

        // The first kill's cause is the one its end reports (a health check's kill stays one when the framework follows).
        if (!File.Exists(run.Killed))
        {
            AtomicFile.WriteAllText(run.Killed, cause);
        }

        var pid = await WaitForTaskPidAsync(run, cancellationToken);
        if (pid is not { } group)
        {
            return;
        }

        LogKilling(taskId, grace.TotalSeconds);
        // The task's process may not have made its own group yet (setsid not yet run), so it is signalled directly too.
        _ = NativeMethods.Kill(-group, Signals.Term);
        _ = NativeMethods.Kill(group, Signals.Term);
        var deadline = time.GetUtcNow() + grace;
        while (!File.Exists(run.ExitStatus) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, cancellationToken);
        }

        if (!File.Exists(run.ExitStatus))
        {
            _ = NativeMethods.Kill(-group, Signals.Kill);
            _ = NativeMethods.Kill(group, Signals.Kill);
        }

        // Return once the supervisor has recorded the end, so the caller can rely on the task being gone.
        var recorded = time.GetUtcNow() + TimeSpan.FromSeconds(5);
        while (!File.Exists(run.ExitStatus) && time.GetUtcNow() < recorded)
        {
            await Task.Delay(PollInterval / 4, time, cancellationToken);
        }
    }

    /// <summary>
    /// Finds the tasks of this agent that were launched before a restart and whose end has not been delivered. Those
    /// <paramref name="watch"/> accepts (by default all) are watched again: a running one is re-adopted, one that ended
    /// meanwhile is reported through <see cref="Exits"/> with its real status. The others (their end is already
    /// recorded) are returned but not watched.
    /// </summary>
    public IReadOnlyList<RecoveredTask> Recover(Func<TaskLaunch, TaskRunPaths, bool>? watch = null)
    {
        var frameworks = Path.Combine(paths.AgentMetaDir(agentId), "frameworks");
        if (!Directory.Exists(frameworks))
        {
            return [];
        }

        var recovered = new List<RecoveredTask>();
        foreach (var infoFile in Directory.EnumerateFiles(frameworks, "task.info", SearchOption.AllDirectories))
        {
            var metaDir = Path.GetDirectoryName(infoFile)!;
            TaskLaunch? launch;
            try
            {
                launch = JsonSerializer.Deserialize(File.ReadAllBytes(infoFile), AgentJsonContext.Default.TaskLaunch);
            }
            catch (JsonException e)
            {
                // Lost with a machine crash (it is not flushed): the task went with the machine.
                LogUnreadable(infoFile, e.Message);
                continue;
            }

            if (launch is null || File.Exists(Path.Combine(metaDir, "reported")))
            {
                continue;
            }

            var run = TaskRunPaths.For(paths, agentId, launch.FrameworkId, launch.TaskId, Path.GetFileName(metaDir));
            recovered.Add(new RecoveredTask(launch, run));
            if (watch is not null && !watch(launch, run))
            {
                continue;
            }

            _running[(launch.FrameworkId, launch.TaskId)] = run;
            var supervisor = ReadPid(run.SupervisorPid);
            LogRecovered(launch.TaskId, File.Exists(run.ExitStatus) ? "ended while the agent was down" : "running");
            _ = WatchAsync(launch, run, supervisor ?? 0);
        }

        return recovered;
    }

    /// <summary>Marks a task's end as delivered (its terminal update acknowledged), so recovery skips it.</summary>
    public void MarkReported(string frameworkId, string taskId)
    {
        if (_running.TryGetValue((frameworkId, taskId), out var run))
        {
            MarkReported(frameworkId, taskId, run);
        }
    }

    /// <summary>
    /// Marks a run's end as delivered. The mark is not flushed to disk: if a machine crash loses it, recovery finds the
    /// acknowledged end in the task's update log and marks it again.
    /// </summary>
    public void MarkReported(string frameworkId, string taskId, TaskRunPaths run)
    {
        _running.TryRemove(new KeyValuePair<(string, string), TaskRunPaths>((frameworkId, taskId), run));
        AtomicFile.WriteAllText(Path.Combine(run.MetaDir, "reported"), "reported", durable: false);
    }

    /// <summary>Stops watching; the tasks keep running (the agent is stopping or restarting).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WatchAsync(TaskLaunch launch, TaskRunPaths run, int supervisorPid)
    {
        try
        {
            // The exit status file is looked for every poll; the supervisor's liveness is read from /proc every fifth, and
            // it counts as gone only when two such checks agree, so a process caught mid-exec is not mistaken for a dead one.
            var missed = 0;
            var polls = 0;
            while (!File.Exists(run.ExitStatus))
            {
                if (polls++ % 5 == 0)
                {
                    missed = supervisorPid != 0 && IsSupervisorAlive(supervisorPid) ? 0 : missed + 1;
                }

                if (missed >= 2)
                {
                    // Gone without a status (killed with the machine, or its files removed): the end is unknown.
                    if (!File.Exists(run.ExitStatus))
                    {
                        await _exits.Writer.WriteAsync(Exit(launch, run, -1));
                        return;
                    }

                    break;
                }

                await Task.Delay(PollInterval, time, _stopping.Token);
            }

            var status = int.Parse(File.ReadAllText(run.ExitStatus).Trim(), CultureInfo.InvariantCulture);
            LogExited(launch.TaskId, status);
            await _exits.Writer.WriteAsync(Exit(launch, run, status));
        }
        catch (OperationCanceledException)
        {
            // The agent is stopping; the task keeps running and is re-adopted at the next start.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            // Its files could not be read (or hold no status): the watch must not end silently, leaving the task's end
            // unreported for ever. It is reported as an end the agent could not learn (as a supervisor gone).
            LogWatchFailed(launch.TaskId, e);
            _exits.Writer.TryWrite(new TaskExit(launch.FrameworkId, launch.TaskId, -1, File.Exists(run.Killed)));
        }
    }

    private static TaskExit Exit(TaskLaunch launch, TaskRunPaths run, int status)
    {
        var cause = File.Exists(run.Killed) ? File.ReadAllText(run.Killed).Trim() : null;
        return new TaskExit(launch.FrameworkId, launch.TaskId, status, cause is not null) { KilledByHealthCheck = cause == KilledByHealthCheck };
    }

    private async Task<int?> WaitForTaskPidAsync(TaskRunPaths run, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(5);
        int? pid;
        while ((pid = ReadPid(run.TaskPid)) is null)
        {
            if (File.Exists(run.ExitStatus) || time.GetUtcNow() > deadline)
            {
                return null;
            }

            await Task.Delay(PollInterval / 4, time, cancellationToken);
        }

        return pid;
    }

    private static int? ReadPid(string file) =>
        File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>True while the process is our supervisor (its command line names it), so a reused pid is not mistaken for it.</summary>
    private static bool IsSupervisorAlive(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            var state = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = state[(state.LastIndexOf(')') + 2)..];
            // The command line reads empty while the process is in exec (setsid becoming sh); that is still our supervisor.
            return (cmdline.Length == 0 || cmdline.Contains(SupervisorName, StringComparison.Ordinal)) && !afterName.StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not watch task {TaskId}; reporting its end as unknown")]
    private partial void LogWatchFailed(string taskId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Launched task {TaskId} of framework {FrameworkId} (supervisor {Pid})")]
    private partial void LogLaunched(string taskId, string frameworkId, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Killing task {TaskId} (grace {Seconds} s)")]
    private partial void LogKilling(string taskId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} exited with status {Status}")]
    private partial void LogExited(string taskId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable task checkpoint {Path}: {Reason}")]
    private partial void LogUnreadable(string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered task {TaskId}: {State}")]
    private partial void LogRecovered(string taskId, string state);
}
