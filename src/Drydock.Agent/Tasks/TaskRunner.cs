using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Drydock.Agent.Checkpoint;
using Drydock.Agent.Fetch;
using Drydock.Agent.Health;
using Drydock.AgentProtocol.V1;
using Drydock.Protocol;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Tasks;

/// <summary>
/// The agent's side of running tasks for the master: launches RunTask through the supervisor, kills on KillTask, and
/// delivers status updates in order per task, resending the oldest unacknowledged one until the master acknowledges
/// it. Every update and acknowledgement is checkpointed in the task's <c>task.updates</c> before it is acted on, so a
/// restarted agent resends exactly the updates the master has not acknowledged. A terminal update, once
/// acknowledged, lets the task's checkpoint go. A launch first fetches the task's URIs into its sandbox (the task is
/// STAGING meanwhile, and a kill stops the download); a task with a health check is checked beside it from then on
/// (<see cref="TaskHealthChecks"/>), and its health updates are delivered as any other.
/// </summary>
internal sealed partial class TaskRunner(AgentPaths paths, string agentId, string hostname, TimeProvider time, ILoggerFactory loggers, string? agentIp = null) : IAsyncDisposable
{
    private const int MaxConcurrentLaunches = 8;
    private const string ReasonDraining = "REASON_AGENT_DRAINING";
    private const string ReasonHealthCheck = "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED";
    private const string SourceExecutor = "SOURCE_EXECUTOR";
    private const string SourceAgent = "SOURCE_SLAVE";
    private static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(5);

    private readonly TaskSupervisor _supervisor = new(paths, agentId, time, loggers.CreateLogger<TaskSupervisor>());
    private readonly ILogger _logger = loggers.CreateLogger<TaskRunner>();
    private readonly object _gate = new();
    private readonly Dictionary<(string Framework, string Task), Queue<PendingUpdate>> _pending = [];
    private readonly Dictionary<(string Framework, string Task), KnownTask> _known = [];
    private readonly ConcurrentDictionary<(string Framework, string Task), Launching> _launching = new();
    private readonly HttpClient _fetchClient = UriFetcher.CreateClient();
    private readonly TaskHealthChecks _health = new(time, agentIp, loggers);
    private readonly ConcurrentDictionary<string, bool> _shutDownFrameworks = new(StringComparer.Ordinal);
    private volatile bool _refusingLaunches;
    private volatile DrainAgent? _drain;
    private readonly SemaphoreSlim _launchSlots = new(MaxConcurrentLaunches);
    private readonly CancellationTokenSource _stopping = new();
    private UriFetcher? _fetcher;

    private UriFetcher Fetcher => _fetcher ??= new UriFetcher(_fetchClient, time, loggers.CreateLogger<UriFetcher>());

    /// <summary>Sends a status update to the master; set while a channel is open, null otherwise.</summary>
    public Func<AgentMessage, Task>? Send { get; set; }

    public Task StartAsync()
    {
        Recover();
        _ = PumpExitsAsync();
        _ = ResendLoopAsync();
        return Task.CompletedTask;
    }

    /// <summary>The tasks whose end the master has not acknowledged, with their latest state, for re-registration.</summary>
    public IReadOnlyList<ReportedTask> Report()
    {
        lock (_gate)
        {
            var known = _known.Values.Select(t => new ReportedTask
            {
                FrameworkId = t.Launch.FrameworkId,
                TaskInfoJson = t.Launch.TaskInfoJson ?? string.Empty,
                State = t.State,
            });
            // Launches still under way are reported too, so the master does not take them for lost.
            var starting = _launching
                .Where(l => !_known.ContainsKey(l.Key))
                .Select(l => new ReportedTask { FrameworkId = l.Value.Run.FrameworkId, TaskInfoJson = l.Value.Run.TaskInfoJson, State = "TASK_STAGING" });
            return known.Concat(starting).ToArray();
        }
    }

    /// <summary>
    /// Rebuilds the books from the work dir: each task's unacknowledged updates are queued again in order; a task whose
    /// end is already recorded is not watched again (its terminal update is among those queued); a task launched just
    /// before a crash, with no update yet, gets its TASK_RUNNING now.
    /// </summary>
    private void Recover()
    {
        var histories = new Dictionary<TaskRunPaths, StatusUpdateHistory>();
        var recovered = _supervisor.Recover((_, run) =>
        {
            var history = histories[run] = StatusUpdateLog.Read(run.Updates);
            return !history.EndRecorded;
        });

        var fresh = new List<(TaskLaunch, TaskRunPaths)>();
        var checkedAgain = new List<(TaskLaunch, TaskRunPaths, bool?)>();
        lock (_gate)
        {
            foreach (var (launch, run) in recovered)
            {
                var history = histories[run];
                var key = (launch.FrameworkId, launch.TaskId);
                var unacknowledged = history.Unacknowledged.ToArray();
                if (history.EndRecorded && unacknowledged.Length == 0)
                {
                    // The end was acknowledged just before a crash that came ahead of the "reported" mark.
                    _supervisor.MarkReported(launch.FrameworkId, launch.TaskId, run);
                    continue;
                }

                _known[key] = new KnownTask(launch, run) { State = history.LatestState ?? "TASK_STAGING", Ended = history.EndRecorded };
                if (!history.EndRecorded && history.Updates.Count > 0)
                {
                    checkedAgain.Add((launch, run, history.LatestHealthy));
                }

                if (unacknowledged.Length > 0)
                {
                    _pending[key] = new Queue<PendingUpdate>(unacknowledged.Select(u => new PendingUpdate(launch.FrameworkId, launch.TaskId, u.Uuid, u.StatusJson, u.Terminal)));
                }
                else if (history.Updates.Count == 0)
                {
                    fresh.Add((launch, run));
                }
            }
        }

        foreach (var (launch, run) in fresh)
        {
            InBackground("TASK_RUNNING of recovered task " + launch.TaskId, async () =>
            {
                await EnqueueAsync(launch.FrameworkId, launch.TaskId, "TASK_RUNNING", null, null, terminal: false);
                StartHealthChecks(launch, run, lastReportedHealthy: null);
            });
        }

        // A recovered task's health check resumes where its updates left it.
        foreach (var (launch, run, healthy) in checkedAgain)
        {
            StartHealthChecks(launch, run, healthy);
        }
    }

    /// <summary>
    /// Starts a launch without waiting for it, so the channel keeps reading while tasks start (a launch waits on a
    /// process start and a disk flush). At most <see cref="MaxConcurrentLaunches"/> run at once; a kill for a task
    /// still launching waits for its launch.
    /// </summary>
    public void BeginLaunch(RunTask run)
    {
        var parsed = ReadTaskInfo(run.TaskInfoJson);
        var key = (run.FrameworkId, parsed.Value?.TaskId ?? "unknown");
        if (_refusingLaunches)
        {
            // The agent is shutting down (SIGUSR1 or the master's Shutdown); the master reports the agent's tasks lost.
            LogLaunchRefused(key.Item2);
            return;
        }

        if (_shutDownFrameworks.ContainsKey(run.FrameworkId))
        {
            // The framework was removed; nobody would hear of the task.
            LogLaunchOfRemovedFramework(key.Item2, run.FrameworkId);
            return;
        }

        if (_drain is not null)
        {
            // A draining agent starts nothing new (Mesos: TASK_DROPPED, or TASK_LOST for frameworks that are not
            // partition-aware).
            LogLaunchDropped(key.Item2);
            InBackground("drop of task " + key.Item2, () => EnqueueAsync(run.FrameworkId, key.Item2, run.PartitionAware ? "TASK_DROPPED" : "TASK_LOST", "Agent is draining", ReasonDraining, terminal: true));
            return;
        }

        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var launching = Task.Run(async () =>
        {
            await _launchSlots.WaitAsync();
            try
            {
                return await LaunchAsync(run, parsed, cancel.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // The agent is stopping mid-fetch: the task never ran, and the master learns so at re-registration.
                return false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever went wrong before the task's process started, the framework hears of it.
                LogLaunchFailed(key.Item2, e.Message);
                try
                {
                    await EnqueueAsync(run.FrameworkId, key.Item2, "TASK_FAILED", "The agent could not launch the task: " + e.Message, "REASON_EXECUTOR_TERMINATED", terminal: true);
                }
                catch (IOException)
                {
                }

                return false;
            }
            finally
            {
                _launchSlots.Release();
            }
        });
        var entry = new Launching(launching, run, cancel);
        _launching[key] = entry;
        _ = launching.ContinueWith(
            _ =>
            {
                _launching.TryRemove(new KeyValuePair<(string, string), Launching>(key, entry));
                cancel.Dispose();
            },
            TaskScheduler.Default);
    }

    /// <summary>Handles an acknowledgement without holding up the channel (its flush waits on the disk).</summary>
    public void BeginAcknowledge(StatusUpdateAcknowledgement ack) => InBackground("acknowledgement of task " + ack.TaskId, async () =>
    {
        try
        {
            await AcknowledgeAsync(ack);
        }
        catch (IOException e)
        {
            // Not recorded: the update stays pending, is resent, and the master acknowledges it again.
            LogAckFailed(ack.TaskId, e.Message);
        }
    });

    /// <summary>Launches a task and waits until its process started (true) or its launch ended without it (false).</summary>
    public Task<bool> LaunchAsync(RunTask run) => LaunchAsync(run, ReadTaskInfo(run.TaskInfoJson), CancellationToken.None);

    /// <summary><paramref name="cancellation"/> stops the fetch of the task's URIs (a kill); once the task runs it is not looked at.</summary>
    private async Task<bool> LaunchAsync(RunTask run, ParseResult<TaskInfoMessage> parsed, CancellationToken cancellation)
    {
        if (!parsed.Succeeded || parsed.Value.Command is null)
        {
            var taskId = parsed.Value?.TaskId ?? "unknown";
            await EnqueueAsync(run.FrameworkId, taskId, "TASK_ERROR", parsed.Error ?? "The task has no command", "REASON_TASK_INVALID", terminal: true);
            return false;
        }

        var task = parsed.Value;
        if (task.HealthCheck?.Validate() is { } invalidCheck)
        {
            await EnqueueAsync(run.FrameworkId, task.TaskId, "TASK_ERROR", "Task uses invalid health check: " + invalidCheck, "REASON_TASK_INVALID", terminal: true);
            return false;
        }

        var ports = task.Resources.Where(r => r.Name == "ports" && r.Value.Type == Protocol.Resources.ValueType.RANGES)
            .SelectMany(r => r.Value.Ranges)
            .SelectMany(r => Enumerable.Range(0, (int)Math.Min(r.End - r.Begin + 1, 1000)).Select(i => r.Begin + i))
            .ToArray();
        var environment = new Dictionary<string, string>(task.Environment)
        {
            ["HOST"] = hostname,
            ["PORTS"] = string.Join(",", ports),
        };
        for (var i = 0; i < ports.Length; i++)
        {
            environment["PORT" + i.ToString(CultureInfo.InvariantCulture)] = ports[i].ToString(CultureInfo.InvariantCulture);
        }

        if (ports.Length > 0)
        {
            environment["PORT"] = ports[0].ToString(CultureInfo.InvariantCulture);
        }

        var launch = new TaskLaunch
        {
            FrameworkId = run.FrameworkId,
            TaskId = task.TaskId,
            Name = task.Name,
            Command = task.Command,
            Shell = task.Shell,
            Arguments = task.Arguments,
            Environment = environment,
            KillGracePeriod = task.KillGracePeriodNanoseconds is { } ns ? TimeSpan.FromTicks(ns / 100) : TimeSpan.FromSeconds(3),
            TaskInfoJson = run.TaskInfoJson,
            PartitionAware = run.PartitionAware,
        };
        var paths = _supervisor.Prepare(run.FrameworkId, task.TaskId);
        if (task.Uris.Count > 0 && !await FetchAsync(launch, paths, task.Uris, cancellation))
        {
            return false;
        }

        // The task is watched only once its TASK_RUNNING is queued, so its end always comes after it.
        launch = launch with { StartedAt = time.GetUtcNow() };
        _supervisor.Start(launch, paths, watch: false);
        lock (_gate)
        {
            _known[(run.FrameworkId, task.TaskId)] = new KnownTask(launch, paths);
        }

        try
        {
            await EnqueueAsync(run.FrameworkId, task.TaskId, "TASK_RUNNING", null, null, terminal: false);
        }
        catch (IOException e)
        {
            // TASK_RUNNING could not be checkpointed; the task runs all the same, and its end is reported.
            LogLaunchFailed(task.TaskId, "TASK_RUNNING not recorded: " + e.Message);
        }
        finally
        {
            _supervisor.Watch(launch, paths);
        }

        StartHealthChecks(launch, paths, lastReportedHealthy: null);
        return true;
    }

    /// <summary>
    /// Fetches the task's URIs into its sandbox; false when the launch ends there: a URI that failed (TASK_FAILED,
    /// REASON_CONTAINER_LAUNCH_FAILED, with Mesos's message naming the URI, also written to the sandbox's stderr) or a
    /// kill meanwhile (TASK_KILLED, REASON_TASK_KILLED_DURING_LAUNCH, as Mesos's agent reports a task killed before its
    /// executor ran).
    /// </summary>
    private async Task<bool> FetchAsync(TaskLaunch launch, TaskRunPaths run, IReadOnlyList<CommandUri> uris, CancellationToken cancellation)
    {
        string? failure;
        try
        {
            failure = await Fetcher.FetchAllAsync(uris, run.Sandbox, cancellation);
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            await EnqueueAsync(launch.FrameworkId, launch.TaskId, "TASK_KILLED", "Killed before delivery to the executor", _drain is null ? "REASON_TASK_KILLED_DURING_LAUNCH" : ReasonDraining, terminal: true, source: SourceAgent);
            return false;
        }

        if (failure is null)
        {
            return true;
        }

        var message = $"Failed to launch container: Failed to fetch all URIs for container '{Path.GetFileName(run.Sandbox)}': {failure}";
        try
        {
            await File.AppendAllTextAsync(Path.Combine(run.Sandbox, "stderr"), message + "\n", CancellationToken.None);
        }
        catch (IOException)
        {
            // Only a help for whoever reads the sandbox; the update below says it all.
        }

        await EnqueueAsync(launch.FrameworkId, launch.TaskId, "TASK_FAILED", message, "REASON_CONTAINER_LAUNCH_FAILED", terminal: true, source: SourceAgent);
        return false;
    }

    /// <summary>
    /// Starts the task's health check, if it has one: each result worth an update becomes TASK_RUNNING with
    /// <c>healthy</c> and REASON_TASK_HEALTH_CHECK_STATUS_UPDATED (none once the task is being killed or has ended),
    /// and the one that reaches <c>consecutive_failures</c> kills the task with its own grace period.
    /// </summary>
    private void StartHealthChecks(TaskLaunch launch, TaskRunPaths run, bool? lastReportedHealthy)
    {
        if (launch.TaskInfoJson is null || TaskInfoMessage.Parse(launch.TaskInfoJson) is not { Succeeded: true, Value.HealthCheck: { } check } || check.Validate() is not null)
        {
            return;
        }

        var key = (launch.FrameworkId, launch.TaskId);
        _health.Start(key, check, run.Sandbox, _supervisor.Environment(launch, run), launch.StartedAt ?? time.GetUtcNow(), lastReportedHealthy, async update =>
        {
            var recorded = await EnqueueAsync(launch.FrameworkId, launch.TaskId, "TASK_RUNNING", null, ReasonHealthCheck, terminal: false, healthy: update.Healthy, onlyWhileRunning: true);
            if (recorded && update.KillTask)
            {
                LogUnhealthyKill(launch.TaskId, update.ConsecutiveFailures);
                BeginKilling(key);
                await _supervisor.KillAsync(launch.FrameworkId, launch.TaskId, launch.KillGracePeriod, _stopping.Token, TaskSupervisor.KilledByHealthCheck);
            }
        });
    }

    /// <summary>A task about to be killed sends no more health updates (Mesos's executor ignores its checker from then on).</summary>
    private void BeginKilling((string Framework, string Task) key)
    {
        lock (_gate)
        {
            if (_known.TryGetValue(key, out var known))
            {
                known.Killing = true;
            }
        }

        _health.Stop(key);
    }

    /// <summary>
    /// KillTask: the grace period is the kill's own when it has one, otherwise the task's <c>kill_policy</c> (3 s when
    /// neither says), as Mesos's command executor chooses it.
    /// </summary>
    public async Task KillAsync(KillTask kill)
    {
        var key = (kill.FrameworkId, kill.TaskId);
        if (_launching.TryGetValue(key, out var launching))
        {
            // A task still fetching its URIs stops there (and ends TASK_KILLED); one past its fetch is started and
            // then killed below. A launch does not fault (its failures become updates), so this only waits for it.
            launching.StopFetch();
            if (!await launching.Launch)
            {
                return;
            }
        }

        TimeSpan grace;
        lock (_gate)
        {
            grace = kill.HasGracePeriodNanoseconds ? TimeSpan.FromTicks(Math.Max(0, kill.GracePeriodNanoseconds) / 100)
                : _known.TryGetValue(key, out var task) ? task.Launch.KillGracePeriod
                : TimeSpan.FromSeconds(3);
        }

        if (!_supervisor.Running.Contains((kill.FrameworkId, kill.TaskId)))
        {
            bool ending;
            lock (_gate)
            {
                ending = _known.ContainsKey((kill.FrameworkId, kill.TaskId));
            }

            if (ending)
            {
                // The task has ended; its terminal update is on its way.
                return;
            }

            await EnqueueAsync(kill.FrameworkId, kill.TaskId, "TASK_LOST", "Task is not running on this agent", "REASON_TASK_UNKNOWN", terminal: true);
            return;
        }

        BeginKilling(key);
        InBackground("kill of task " + kill.TaskId, () => _supervisor.KillAsync(kill.FrameworkId, kill.TaskId, grace, _stopping.Token));
    }

    /// <summary>Kills every running task (SIGUSR1, master shutdown) and waits until each has ended.</summary>
    public async Task KillAllAsync(TimeSpan grace)
    {
        _refusingLaunches = true;
        while (!_launching.IsEmpty)
        {
            CancelFetches(_ => true);
            await Task.WhenAll(_launching.Values.Select(l => l.Launch));
        }

        foreach (var task in _supervisor.Running)
        {
            BeginKilling(task);
        }

        await Task.WhenAll(_supervisor.Running.Select(t => _supervisor.KillAsync(t.Framework, t.Task, grace, CancellationToken.None)));
    }

    /// <summary>
    /// DRAIN_AGENT: from now on no task starts, and every task is killed, each with the shorter of its own grace period
    /// and the drain's maximum. Kill updates say REASON_AGENT_DRAINING; when the agent is to be marked gone,
    /// partition-aware frameworks get TASK_GONE_BY_OPERATOR instead of TASK_KILLED. Runs beside the channel.
    /// </summary>
    public void BeginDrain(DrainAgent drain)
    {
        _drain = drain;
        InBackground("drain", async () =>
        {
            while (!_launching.IsEmpty)
            {
                CancelFetches(_ => true);
                try
                {
                    await Task.WhenAll(_launching.Values.Select(l => l.Launch));
                }
                catch (OperationCanceledException)
                {
                    // A launch cut short by the agent stopping; the rest are killed below all the same.
                }
            }

            var cap = drain.HasMaxGracePeriodNanoseconds ? TimeSpan.FromTicks(Math.Max(0, drain.MaxGracePeriodNanoseconds) / 100) : (TimeSpan?)null;
            var kills = new List<Task>();
            foreach (var (framework, task) in _supervisor.Running)
            {
                TimeSpan grace;
                lock (_gate)
                {
                    grace = _known.TryGetValue((framework, task), out var known) ? known.Launch.KillGracePeriod : TimeSpan.FromSeconds(3);
                }

                BeginKilling((framework, task));
                kills.Add(_supervisor.KillAsync(framework, task, cap is { } max && max < grace ? max : grace, _stopping.Token));
            }

            LogDraining(kills.Count);
            try
            {
                await Task.WhenAll(kills);
            }
            catch (OperationCanceledException)
            {
                // The agent is stopping; a restarted agent is told to drain again when it re-registers.
            }

            EndDrainIfIdle();
        });
    }

    /// <summary>
    /// The master ended the drain (reactivation, DRAINED, or no drain in its books when the agent re-registered): launches
    /// are accepted again. The master offers the agent only after it sent this, on the same ordered channel.
    /// </summary>
    public void EndDrain()
    {
        lock (_gate)
        {
            if (_drain is not null)
            {
                _drain = null;
                LogDrainEnded();
            }
        }
    }

    /// <summary>
    /// ShutdownFramework: the framework was removed, so its launches are refused, its tasks are killed (each with its own
    /// grace period), and its status updates are dropped: updates nobody can acknowledge would otherwise be resent for
    /// ever. A task's end is still written to its update log, and the task then leaves the books. Runs beside the channel.
    /// </summary>
    public void BeginShutdownFramework(string frameworkId)
    {
        // Set before anything else, so a launch that arrives next is refused.
        _shutDownFrameworks[frameworkId] = true;
        InBackground("shutdown of framework " + frameworkId, () => ShutdownFrameworkAsync(frameworkId));
    }

    private async Task ShutdownFrameworkAsync(string frameworkId)
    {
        CancelFetches(key => key.Framework == frameworkId);
        try
        {
            await Task.WhenAll(_launching.Where(l => l.Key.Framework == frameworkId).Select(l => l.Value.Launch));
        }
        catch (OperationCanceledException)
        {
            // A launch cut short by the agent stopping; the rest goes on.
        }

        var running = new List<((string Framework, string Task) Key, TimeSpan Grace)>();
        lock (_gate)
        {
            foreach (var key in _pending.Keys.Where(k => k.Framework == frameworkId).ToArray())
            {
                _pending.Remove(key);
            }

            foreach (var (key, known) in _known.Where(k => k.Key.Framework == frameworkId).ToArray())
            {
                if (known.Ended)
                {
                    ForgetLocked(key, known);
                }
                else
                {
                    running.Add((key, known.Launch.KillGracePeriod));
                }
            }
        }

        LogShuttingDownFramework(frameworkId, running.Count);
        foreach (var (key, _) in running)
        {
            BeginKilling(key);
        }

        try
        {
            await Task.WhenAll(running.Select(r => _supervisor.KillAsync(r.Key.Framework, r.Key.Task, r.Grace, _stopping.Token)));
        }
        catch (OperationCanceledException)
        {
            // The agent is stopping; the master sends the shutdown again when the agent re-registers with these tasks.
        }

        EndDrainIfIdle();
    }

    /// <summary>A task whose end nobody will acknowledge leaves the books; recovery skips it from now on.</summary>
    private void ForgetLocked((string Framework, string Task) key, KnownTask known)
    {
        _supervisor.MarkReported(key.Framework, key.Task, known.Run);
        _known.Remove(key);
        _pending.Remove(key);
    }

    /// <summary>
    /// A drain ends on the agent once nothing is left: no task, no launch, no update waiting for its acknowledgement.
    /// The master keeps the agent out of offers until the operator reactivates it; from then on it launches again.
    /// </summary>
    private void EndDrainIfIdle()
    {
        lock (_gate)
        {
            if (_drain is not null && _known.Count == 0 && _pending.Count == 0 && _launching.IsEmpty)
            {
                _drain = null;
                LogDrained();
            }
        }
    }

    public async Task AcknowledgeAsync(StatusUpdateAcknowledgement ack)
    {
        var key = (ack.FrameworkId, ack.TaskId);
        KnownTask? known;
        lock (_gate)
        {
            known = _known.GetValueOrDefault(key);
        }

        PendingUpdate? next = null;
        lock (known ?? new object())
        {
            lock (_gate)
            {
                if (!_pending.TryGetValue(key, out var head) || head.Count == 0 || head.Peek().Uuid != ack.Uuid)
                {
                    return;
                }
            }

            // The acknowledgement is checkpointed under the task's lock only; a task's updates are not touched meanwhile.
            if (known is not null)
            {
                StatusUpdateLog.AppendAck(known.Run.Updates, ack.Uuid);
            }

            lock (_gate)
            {
                // Re-checked: for a task without a log (no per-task lock), another acknowledgement may have come first.
                if (!_pending.TryGetValue(key, out var queue) || queue.Count == 0 || queue.Peek().Uuid != ack.Uuid)
                {
                    return;
                }

                var acked = queue.Dequeue();
                if (acked.Terminal && known is not null)
                {
                    _supervisor.MarkReported(ack.FrameworkId, ack.TaskId, known.Run);
                    _known.Remove(key);
                }

                if (queue.Count > 0)
                {
                    next = queue.Peek();
                }
                else
                {
                    _pending.Remove(key);
                }
            }
        }

        if (next is null)
        {
            EndDrainIfIdle();
        }

        if (next is not null)
        {
            await SendAsync(next);
        }
    }

    /// <summary>Sends the oldest pending update of every task again (after re-registration, or on the resend timer).</summary>
    public async Task ResendAsync()
    {
        PendingUpdate[] heads;
        lock (_gate)
        {
            heads = _pending.Values.Where(q => q.Count > 0).Select(q => q.Peek()).ToArray();
        }

        foreach (var update in heads)
        {
            bool stillPending;
            lock (_gate)
            {
                // Acknowledged meanwhile: sending it now would only deliver a stale duplicate.
                stillPending = _pending.TryGetValue((update.FrameworkId, update.TaskId), out var queue) && queue.Count > 0 && ReferenceEquals(queue.Peek(), update);
            }

            if (stillPending)
            {
                await SendAsync(update);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _health.Dispose();
        await _supervisor.DisposeAsync();
        _supervisor.Dispose();
        _fetchClient.Dispose();
        _stopping.Dispose();
    }

    private async Task PumpExitsAsync()
    {
        try
        {
            await foreach (var exit in _supervisor.Exits.ReadAllAsync(_stopping.Token))
            {
                var reason = exit.Status < 0 ? "REASON_EXECUTOR_TERMINATED" : exit.KilledByRequest ? null : exit.Status == 0 ? null : "REASON_COMMAND_EXECUTOR_FAILED";
                var state = exit.Status < 0 && !exit.KilledByRequest ? "TASK_FAILED" : exit.State;
                if (_drain is { } drain && state == "TASK_KILLED")
                {
                    bool partitionAware;
                    lock (_gate)
                    {
                        partitionAware = _known.TryGetValue((exit.FrameworkId, exit.TaskId), out var known) && known.Launch.PartitionAware;
                    }

                    reason = ReasonDraining;
                    state = drain.MarkGone && partitionAware ? "TASK_GONE_BY_OPERATOR" : state;
                }

                _health.Stop((exit.FrameworkId, exit.TaskId));
                try
                {
                    // A task its health check killed ends with healthy false, as Mesos's command executor reports it.
                    await EnqueueAsync(exit.FrameworkId, exit.TaskId, state, exit.Status < 0 ? "The task's supervisor is gone" : exit.Message, reason, terminal: true,
                        healthy: exit.KilledByHealthCheck ? false : null);
                }
                catch (Exception e) when (!_stopping.IsCancellationRequested)
                {
                    // One task's end that could not be recorded (a full disk) must not stop the reports of the others':
                    // the pump goes on with the next exit.
                    LogLoopFailed("task exits", e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ResendLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(ResendInterval, time, _stopping.Token);
                try
                {
                    await ResendAsync();
                }
                catch (Exception e) when (!_stopping.IsCancellationRequested)
                {
                    // A failed round is logged; the next one resends the same updates.
                    LogLoopFailed("status update resend", e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Runs work beside the channel without waiting for it; whatever it throws is logged with its cause (an unobserved
    /// task would lose it silently) and stops nothing else.
    /// </summary>
    private void InBackground(string work, Func<Task> body) => _ = Task.Run(async () =>
    {
        try
        {
            await body();
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            LogLoopFailed(work, e);
        }
    });

    /// <summary>
    /// Records an update and sends it when it heads its task's queue; true when recorded. With
    /// <paramref name="onlyWhileRunning"/> (a health update) nothing is recorded for a task that has ended or is being
    /// killed, so no TASK_RUNNING can follow its end.
    /// </summary>
    private async Task<bool> EnqueueAsync(string frameworkId, string taskId, string state, string? message, string? reason, bool terminal,
        string source = SourceExecutor, bool? healthy = null, bool onlyWhileRunning = false)
    {
        var uuid = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var status = new TaskStatusMessage(taskId, state, source, agentId, UnixTime.Seconds(time.GetUtcNow()), uuid, message, reason, taskId) { Healthy = healthy };
        var update = new PendingUpdate(frameworkId, taskId, uuid, TaskStatusJson.Status(status), terminal);
        KnownTask? known;
        lock (_gate)
        {
            known = _known.GetValueOrDefault((frameworkId, taskId));
        }

        // Checkpointed before it is queued or sent: an update the master may see is never lost to a crash. The flush
        // holds only the task's own lock (which keeps its log and its queue in the same order), not the agent's.
        bool first;
        var dropped = false;
        lock (known ?? new object())
        {
            if (onlyWhileRunning && (known is null || known.Ended || known.Killing))
            {
                return false;
            }

            if (known is not null)
            {
                StatusUpdateLog.AppendUpdate(known.Run.Updates, uuid, state, terminal, update.StatusJson);
                known.State = state;
                known.Ended |= terminal;
            }

            lock (_gate)
            {
                if (_shutDownFrameworks.ContainsKey(frameworkId))
                {
                    // The framework was removed: the update is recorded but not sent, and an ended task leaves the books.
                    if (terminal && known is not null && _known.ContainsKey((frameworkId, taskId)))
                    {
                        ForgetLocked((frameworkId, taskId), known);
                    }

                    first = false;
                    dropped = true;
                }
                else
                {
                    if (!_pending.TryGetValue((frameworkId, taskId), out var queue))
                    {
                        _pending[(frameworkId, taskId)] = queue = new Queue<PendingUpdate>();
                    }

                    queue.Enqueue(update);
                    first = queue.Count == 1;
                }
            }
        }

        LogUpdate(taskId, state);
        if (dropped)
        {
            EndDrainIfIdle();
            return true;
        }

        if (first)
        {
            await SendAsync(update);
        }

        return true;
    }

    /// <summary>Stops the URI fetches of the launches under way that <paramref name="which"/> picks.</summary>
    private void CancelFetches(Func<(string Framework, string Task), bool> which)
    {
        foreach (var (key, launching) in _launching)
        {
            if (which(key))
            {
                launching.StopFetch();
            }
        }
    }

    private async Task SendAsync(PendingUpdate update)
    {
        if (Send is not { } send)
        {
            return;
        }

        try
        {
            await send(new AgentMessage
            {
                StatusUpdate = new StatusUpdate { FrameworkId = update.FrameworkId, StatusJson = Encoding.UTF8.GetString(update.StatusJson) },
            });
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The channel broke; the update stays pending and is resent.
        }
    }

    private static ParseResult<TaskInfoMessage> ReadTaskInfo(string taskInfoJson)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(taskInfoJson);
            return TaskInfoMessage.Read(document.RootElement);
        }
        catch (System.Text.Json.JsonException e)
        {
            return ParseResult<TaskInfoMessage>.Fail("The task info is not JSON: " + e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained: no task is left; tasks are launched again when the master sends them")]
    private partial void LogDrained();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Draining: killing {Count} tasks")]
    private partial void LogDraining(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not launching task {TaskId}: the agent is draining")]
    private partial void LogLaunchDropped(string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The master ended the drain; tasks are launched again")]
    private partial void LogDrainEnded();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down removed framework {FrameworkId}: killing {Count} tasks, dropping its status updates")]
    private partial void LogShuttingDownFramework(string frameworkId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not launching task {TaskId}: framework {FrameworkId} was removed")]
    private partial void LogLaunchOfRemovedFramework(string taskId, string frameworkId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not launching task {TaskId}: the agent is shutting down")]
    private partial void LogLaunchRefused(string taskId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not launch task {TaskId}: {Reason}")]
    private partial void LogLaunchFailed(string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent background work failed ({Work}); the agent goes on")]
    private partial void LogLoopFailed(string work, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the acknowledgement for task {TaskId}: {Reason}")]
    private partial void LogAckFailed(string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killing task {TaskId}: its health check failed {Failures} times in a row")]
    private partial void LogUnhealthyKill(string taskId, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status update {State} for task {TaskId}")]
    private partial void LogUpdate(string taskId, string state);

    private sealed class KnownTask(TaskLaunch launch, TaskRunPaths run)
    {
        public TaskLaunch Launch { get; } = launch;

        public TaskRunPaths Run { get; } = run;

        public string State { get; set; } = "TASK_STAGING";

        /// <summary>Its terminal update was created: the task's process is gone.</summary>
        public bool Ended { get; set; }

        /// <summary>A kill was asked for: health updates stop.</summary>
        public bool Killing { get; set; }
    }

    /// <summary>
    /// A launch under way: its work (true once the task's process started), what asked for it, and what stops its fetch.
    /// </summary>
    private sealed record Launching(Task<bool> Launch, RunTask Run, CancellationTokenSource Cancel)
    {
        public void StopFetch()
        {
            try
            {
                Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The launch has just ended; there is nothing left to stop.
            }
        }
    }

    private sealed record PendingUpdate(string FrameworkId, string TaskId, string Uuid, byte[] StatusJson, bool Terminal);
}
