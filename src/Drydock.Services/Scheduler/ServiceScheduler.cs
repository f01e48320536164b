using Drydock.Client.Scheduler;
using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Events;
using Drydock.Services.Hosting;
using Drydock.Services.Instances;
using Drydock.Services.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Services.Scheduler;

/// <summary>
/// The framework: stays subscribed to the master with its durable framework id, and is the one writer of the
/// <see cref="ServiceState"/>. Every change (an event from the master, an API command, the once-a-second tick) runs
/// under one gate: it changes a <see cref="Working"/> copy, which is stored in one transaction, then published, and only
/// then are its kills and launches sent. The API reads <see cref="Current"/> without locks.
/// </summary>
internal sealed partial class ServiceScheduler(
    ServicesSettings settings,
    ServicesIdentity identity,
    SqliteServicesStore store,
    TimeProvider time,
    MarathonEventBus events,
    IHostApplicationLifetime lifetime,
    ILogger<ServiceScheduler> logger) : BackgroundService
{
    /// <summary>The master's ERROR for a framework it removed (TEARDOWN, or its failover timeout passed).</summary>
    private const string FrameworkRemovedMessage = "Framework has been removed";

    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DeploymentRunner _runner = new();
    private readonly Launcher _launcher = new(settings.User);
    private readonly MaintenanceMoves _moves = new();
    private volatile ServiceState _state = ServiceState.Empty;
    private SchedulerSubscription? _subscription;

    public ServiceState Current => _state;

    /// <summary>The latest migration plan: what each app does about agents under maintenance, and each agent's verdict.</summary>
    public MigrationPlan Migration => _moves.Latest;

    /// <summary>Loads the stored state before the API serves (called by the host).</summary>
    public void Recover(StoredServices stored)
    {
        var reader = new AppReader(new AppRules(settings.Role));
        var state = ServiceState.Empty with { FrameworkId = stored.FrameworkId };
        foreach (var app in stored.Apps)
        {
            if (StoredApps.Read(reader, app) is { } definition)
            {
                state = state with { Apps = state.Apps.SetItem(definition.Id, definition) };
            }
            else
            {
                LogUnreadableApp(app.AppId.Value);
            }
        }

        foreach (var instance in stored.Instances)
        {
            state = state with { Instances = state.Instances.SetItem(instance.Id, instance) };
        }

        // Deployments resume at their step: planned again from what was stored, each action begun again.
        foreach (var deployment in stored.Deployments)
        {
            if (StoredDeployments.Read(reader, deployment, state.Apps) is not { } running)
            {
                LogUnreadableDeployment(deployment.Id);
                continue;
            }

            var book = state.Deployments.TryStart(running.Plan, force: true).Book!;
            state = state with { Deployments = running.CurrentStep > 0 ? book.WithStep(running.Id, running.CurrentStep) : book };
        }

        _state = state;
    }

    public Task<IReadOnlyList<DateTimeOffset>> VersionsAsync(PathId app, CancellationToken cancellationToken) => store.VersionsAsync(app, cancellationToken);

    public Task<string?> VersionAsync(PathId app, DateTimeOffset version, CancellationToken cancellationToken) => store.VersionAsync(app, version, cancellationToken);

    /// <summary>Drops what the runner keeps for deployments cancelled by a forced change (they stop where they stand).</summary>
    public void Cancelled(IEnumerable<string> deploymentIds)
    {
        foreach (var id in deploymentIds)
        {
            _runner.Forget(id);
        }
    }

    /// <summary>Runs <paramref name="change"/> as the one writer: stores what it changed, publishes, then sends kills.</summary>
    public async Task<T> WriteAsync<T>(Func<Working, DateTimeOffset, T> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var work = new Working(_state);
            var now = time.GetUtcNow();
            var result = change(work, now);
            await SettleAsync(work, now, cancellationToken);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The framework's webui_url names the bound port, known only once the server has started.
        await identity.Bound.WaitAsync(stoppingToken);
        using var client = new SchedulerClient(settings.MasterUrl, new SchedulerClientOptions { Time = time });
        _ = TickAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var error = await RunSessionAsync(client, stoppingToken);
                identity.MasterUrl = null;
                if (error is null)
                {
                    break;
                }

                if (error == FrameworkRemovedMessage)
                {
                    // Torn down (or its failover timeout passed): the master killed its tasks and will never take this
                    // id back. The apps stay defined, so it subscribes as a new framework and relaunches them.
                    var ended = await WriteAsync((work, now) => EndAllTasks(work, now), stoppingToken);
                    LogFrameworkRemoved(ended);
                    continue;
                }

                Fail(error);
                break;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (SchedulerCallException e)
        {
            // The master refused the SUBSCRIBE itself (a 4xx): retrying the same request cannot help.
            Fail(e.Message);
        }
    }

    /// <summary>True once the scheduler stopped for good on the master's refusal; the process then exits non-zero.</summary>
    public bool Failed { get; private set; }

    private void Fail(string reason)
    {
        LogGivingUp(reason);
        Failed = true;
        lifetime.StopApplication();
    }

    /// <summary>One subscription's life, with the framework id held now; returns the master's ERROR, or null once stopping.</summary>
    private async Task<string?> RunSessionAsync(SchedulerClient client, CancellationToken stoppingToken)
    {
        var framework = new FrameworkInfo
        {
            Id = _state.FrameworkId,
            Name = settings.FrameworkName,
            User = settings.User ?? Environment.UserName,
            FailoverTimeoutSeconds = settings.FailoverTimeout.TotalSeconds,
            Checkpoint = true,
            Roles = [settings.Role],
            Capabilities = [FrameworkCapability.PartitionAware, FrameworkCapability.MultiRole],
            Hostname = identity.Hostname,
            WebuiUrl = identity.Url,
        };
        await using var session = new SchedulerSession(client, framework);
        string? error = null;
        await foreach (var streamEvent in session.RunAsync(stoppingToken))
        {
            try
            {
                _subscription = session.Current;
                await OnEventAsync(streamEvent, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogEventFailed(streamEvent.Type, e);
            }

            if (streamEvent is MasterError masterError)
            {
                error = masterError.Message;
            }
        }

        _subscription = null;
        return stoppingToken.IsCancellationRequested ? null : error ?? "the subscription ended";
    }

    /// <summary>
    /// The master removed the framework and killed its tasks: every live task ends as TASK_KILLED (no launch backoff,
    /// the app's instances are relaunched) and the framework id is forgotten, so the next SUBSCRIBE gets a new one.
    /// </summary>
    private int EndAllTasks(Working work, DateTimeOffset now)
    {
        var live = work.State.Instances.Values
            .Where(i => i.TaskId is not null && i.State is { } state && !TaskStates.IsTerminal(state))
            .ToArray();
        foreach (var instance in live)
        {
            OnStatus(work, new TaskStatusMessage(instance.TaskId!, TaskStates.Killed, "SOURCE_MASTER", instance.AgentId ?? "", now.ToUnixTimeMilliseconds() / 1000.0, null, "The framework was removed from the master, which killed its tasks", "REASON_FRAMEWORK_REMOVED"), now);
        }

        work.State = work.State with { FrameworkId = null };
        identity.FrameworkId = null;
        return live.Length;
    }

    private async Task OnEventAsync(SchedulerStreamEvent streamEvent, CancellationToken cancellationToken)
    {
        switch (streamEvent)
        {
            case Subscribed subscribed:
                identity.FrameworkId = subscribed.FrameworkId;
                identity.MasterUrl = settings.MasterUrl.ToString();
                LogSubscribed(subscribed.FrameworkId);
                // A new subscription holds no offer and no filter of the old one: forget them before the first round.
                _launcher.Resubscribed();
                _moves.Resubscribed();
                await WriteAsync(
                    (work, _) =>
                    {
                        if (work.State.FrameworkId != subscribed.FrameworkId)
                        {
                            work.NewFrameworkId = subscribed.FrameworkId;
                            work.State = work.State with { FrameworkId = subscribed.FrameworkId };
                        }

                        return 0;
                    },
                    cancellationToken);
                await ReconcileAsync(cancellationToken);
                break;
            case OffersReceived offers:
                await WriteAsync((work, now) => { _launcher.Hold(offers.Offers, now); return 0; }, cancellationToken);
                break;
            case OfferRescinded rescinded:
                await WriteAsync((work, now) => { _launcher.Rescind(rescinded.OfferId); return 0; }, cancellationToken);
                break;
            case StatusUpdate update:
                await WriteAsync((work, now) => { OnStatus(work, update.Status, now); return 0; }, cancellationToken);
                if (update.NeedsAcknowledgement && _subscription is { } subscription)
                {
                    await subscription.AcknowledgeAsync(update, cancellationToken);
                }

                break;
            case InverseOffersReceived inverse:
                await WriteAsync((work, now) => { _moves.Received(inverse.InverseOffers, now); return 0; }, cancellationToken);
                break;
            case InverseOfferRescinded rescindedInverse:
                await WriteAsync((work, now) => { _moves.Rescinded(rescindedInverse.InverseOfferId); return 0; }, cancellationToken);
                break;
            case MasterError error:
                LogMasterError(error.Message);
                break;
            case SubscriptionLost lost:
                identity.MasterUrl = null;
                LogSubscriptionLost(lost.Reason, lost.RetryIn);
                break;
            default:
                break;
        }
    }

    private void OnStatus(Working work, TaskStatusMessage status, DateTimeOffset now)
    {
        var instance = work.State.FindByTask(status.TaskId);
        if (instance is null)
        {
            // A task this scheduler does not know: alive means it must go (marathon.md §8.5 (1)).
            if (!TaskStates.IsTerminal(status.State) && status.State != TaskStates.Unreachable)
            {
                work.Kills.Add((status.TaskId, status.AgentId, null));
            }

            return;
        }

        var app = work.State.Apps.GetValueOrDefault(instance.AppId);
        var outcome = StatusMapping.Apply(instance, app, status, now);
        if (app is not null)
        {
            work.State = work.State with { Backoff = work.State.Backoff.OnTaskStatus(app, status.State, status.Reason, status.Message, now) };
            if (outcome.Failure)
            {
                work.State = work.State with
                {
                    Failures = work.State.Failures.SetItem(app.Id, new LastTaskFailure(app.Id, instance.Hostname ?? "", status.Message ?? "", status.State, status.TaskId, now, instance.AppVersion) { SlaveId = status.AgentId }),
                };
            }
        }

        work.Events.Add(new StatusUpdateEvent(
            status.AgentId,
            status.TaskId,
            status.State,
            status.Message ?? "",
            instance.AppId,
            instance.Hostname ?? "",
            instance.AgentIp is { } ip ? [ip] : [],
            TaskStates.IsTerminal(status.State) ? [] : instance.HostPorts,
            instance.AppVersion)
        { Timestamp = now });
        var condition = ConditionOf(outcome.Instance ?? instance with { State = StatusMapping.Condition(status) });
        if (condition != ConditionOf(instance))
        {
            work.Events.Add(new InstanceChangedEvent(instance.Id, condition, instance.AppId, instance.AgentId, instance.Hostname, instance.AppVersion) { Timestamp = now });
        }

        if (outcome.Instance is { } updated)
        {
            work.Put(updated);
        }
        else
        {
            work.Remove(instance.Id);
        }

        if (outcome.Kill)
        {
            work.Kills.Add((status.TaskId, status.AgentId, null));
        }

        _runner.OnInstanceChanged(work, instance, outcome.Instance, instance.Id);
    }

    /// <summary>
    /// After every change: unreachable instances age, deployments move, apps not in a deployment are brought to their
    /// count (§8.6's scale check), then the change is stored, published, and its kills and launches are sent.
    /// </summary>
    private async Task SettleAsync(Working work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var instance in work.State.Instances.Values.Where(i => i.UnreachableSince is not null).ToArray())
        {
            var aged = StatusMapping.Age(instance, work.State.Apps.GetValueOrDefault(instance.AppId), now);
            if (aged.Instance is null)
            {
                work.Remove(instance.Id);
                _runner.OnInstanceChanged(work, instance, null, instance.Id);
            }
            else if (aged.Instance != instance)
            {
                work.Put(aged.Instance);
            }
        }

        _runner.Advance(work, now);
        var (acceptInverse, declineInverse) = _moves.Step(work, now);
        ScaleCheck(work, _moves);
        foreach (var orphan in work.State.Instances.Values.Where(i => !work.State.Apps.ContainsKey(i.AppId) && i.Goal == InstanceGoal.Running && !work.State.Deployments.Running.Any(d => d.Plan.AffectedApps.Contains(i.AppId))).ToArray())
        {
            work.Decommission(orphan);
        }

        var launches = _launcher.Round(work, now, _moves.Due);
        await store.CommitAsync(WithDeployments(work.ToChange(), _state, work.State), cancellationToken);
        _state = work.State;
        foreach (var marathonEvent in work.Events)
        {
            events.Publish(marathonEvent);
        }

        foreach (var finished in _runner.Finished)
        {
            LogDeploymentFinished(finished);
        }

        if (_subscription is not { } subscription)
        {
            return;
        }

        foreach (var (taskId, agentId, grace) in work.Kills)
        {
            await Call(() => subscription.KillAsync(taskId, agentId, grace, cancellationToken), "KILL " + taskId);
        }

        await Launcher.SendAsync(subscription, launches, (what, e) => LogCallFailed(what, e), cancellationToken);
        await MaintenanceMoves.SendAsync(subscription, acceptInverse, declineInverse, (what, e) => LogCallFailed(what, e), cancellationToken);
    }

    /// <summary>Marathon's name for the condition an instance is in (instance_changed_event).</summary>
    private static InstanceCondition ConditionOf(Instance instance) => instance switch
    {
        { UnreachableInactive: true } => InstanceCondition.UnreachableInactive,
        { Incarnation: 0 } => InstanceCondition.Scheduled,
        { State: null } => InstanceCondition.Provisioned,
        _ => instance.State switch
        {
            TaskStates.Staging => InstanceCondition.Staging,
            TaskStates.Starting => InstanceCondition.Starting,
            TaskStates.Running => InstanceCondition.Running,
            TaskStates.Killing => InstanceCondition.Killing,
            TaskStates.Killed => InstanceCondition.Killed,
            TaskStates.Finished => InstanceCondition.Finished,
            TaskStates.Failed => InstanceCondition.Failed,
            TaskStates.Error => InstanceCondition.Error,
            TaskStates.Dropped => InstanceCondition.Dropped,
            TaskStates.Unreachable => InstanceCondition.Unreachable,
            TaskStates.Unknown => InstanceCondition.Unknown,
            _ => InstanceCondition.Gone,
        },
    };

    /// <summary>The deployments started, moved on a step, or ended since <paramref name="before"/>, added to the change.</summary>
    private static ServicesChange WithDeployments(ServicesChange change, ServiceState before, ServiceState after)
    {
        var old = before.Deployments.Running.ToDictionary(d => d.Id, d => d.CurrentStep, StringComparer.Ordinal);
        var now = after.Deployments.Running;
        return change with
        {
            Deployments = now.Where(d => !old.TryGetValue(d.Id, out var step) || step != d.CurrentStep).Select(StoredDeployments.Write).ToArray(),
            RemovedDeployments = old.Keys.Where(id => after.Deployments.Find(id) is null).ToArray(),
        };
    }

    private static void ScaleCheck(Working work, MaintenanceMoves moves)
    {
        foreach (var app in work.State.Apps.Values)
        {
            if (work.State.Deployments.LockedBy(app.Id).Count > 0 || moves.Migrating(app.Id))
            {
                continue;
            }

            var decision = ScalingProposition.Decide(app, work.State.InstancesOf(app.Id).ToArray(), app.Instances);
            foreach (var victim in decision.ToKill)
            {
                work.Decommission(victim);
            }

            DeploymentRunner.Queue(work, app, decision.ToStart);
        }
    }

    /// <summary>Explicit reconciliation of every task the scheduler believes live, then implicit (§8.6).</summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not { } subscription)
        {
            return;
        }

        var live = _state.Instances.Values.Where(i => i.IsActive && i.TaskId is not null).Select(i => (i.TaskId!, i.AgentId)).ToArray();
        if (live.Length > 0)
        {
            await Call(() => subscription.ReconcileAsync(live, cancellationToken), "RECONCILE");
        }

        await Call(() => subscription.ReconcileAsync([], cancellationToken), "RECONCILE (implicit)");
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await WriteAsync((_, _) => 0, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogTickFailed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Call(Func<Task<SchedulerCallResult>> call, string what)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is SchedulerCallException or HttpRequestException or Client.MasterUnreachableException or TaskCanceledException)
        {
            LogCallFailed(what, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to the master as framework {FrameworkId}")]
    private partial void LogSubscribed(string frameworkId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The subscription to the master was lost ({Reason}); subscribing again in {RetryIn}")]
    private partial void LogSubscriptionLost(string reason, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The master removed this framework and killed its tasks; {Count} instance(s) are relaunched under a new framework id")]
    private partial void LogFrameworkRemoved(int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The master refused this framework for good ({Reason}); the service scheduler stops")]
    private partial void LogGivingUp(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The master ended the subscription: {Message}")]
    private partial void LogMasterError(string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a {Type} event failed")]
    private partial void LogEventFailed(string type, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A scheduler call failed: {What}")]
    private partial void LogCallFailed(string what, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduler tick failed")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Id} finished")]
    private partial void LogDeploymentFinished(string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored deployment {Id} could not be read; it is left out")]
    private partial void LogUnreadableDeployment(string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored app {Id} could not be read; it is left out")]
    private partial void LogUnreadableApp(string id);
}
