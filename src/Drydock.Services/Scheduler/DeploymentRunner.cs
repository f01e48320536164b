using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Events;
using Drydock.Services.Instances;

namespace Drydock.Services.Scheduler;

/// <summary>
/// Runs the steps of the deployments in the book (marathon.md §8.1–§8.3): begins a step's actions, watches them, and
/// moves to the next step when all are done. StartApplication is done at once; ScaleApplication kills the victims of
/// §8.2 and queues new instances, and is done when the app runs its count (healthy where it has agent-run checks);
/// RestartApplication replaces old instances within the app's upgradeStrategy (<see cref="RollingReplacement"/>);
/// StopApplication decommissions every instance and is done when none is left. Called by the scheduler's one writer.
/// </summary>
internal sealed class DeploymentRunner
{
    private readonly Dictionary<(string Deployment, PathId App), RollingReplacement> _replacements = [];
    private readonly Dictionary<string, int> _begun = new(StringComparer.Ordinal);

    /// <summary>Deployments finished in the last <see cref="Advance"/>, for the caller to report.</summary>
    public List<string> Finished { get; } = [];

    /// <summary>Whether an instance counts as healthy for deployments: running, and passing its agent-run checks if it has any.</summary>
    public static bool IsHealthy(AppDefinition app, Instance instance) =>
        instance.State == TaskStates.Running && (!app.HealthChecks.Any(c => c.RunByAgent) || instance.Healthy == true);

    /// <summary>Drops what is kept for a deployment that was cancelled.</summary>
    public void Forget(string deploymentId)
    {
        _begun.Remove(deploymentId);
        foreach (var key in _replacements.Keys.Where(k => k.Deployment == deploymentId).ToArray())
        {
            _replacements.Remove(key);
        }
    }

    /// <summary>Begins, watches and ends steps until nothing more can move now.</summary>
    public void Advance(Working work, DateTimeOffset now)
    {
        Finished.Clear();
        // Deployments cancelled by a forced change stop where they stand: what was kept for them goes.
        foreach (var gone in _begun.Keys.Where(id => work.State.Deployments.Find(id) is null).ToArray())
        {
            Forget(gone);
        }

        var moved = true;
        while (moved)
        {
            moved = false;
            foreach (var deployment in work.State.Deployments.Running.ToArray())
            {
                if (deployment.CurrentStep == 0 || !_begun.TryGetValue(deployment.Id, out var begun) || begun != deployment.CurrentStep)
                {
                    if (deployment.Plan.Steps.Count == 0)
                    {
                        work.Events.Add(new DeploymentSuccessEvent(deployment.Plan) { Timestamp = now });
                        End(work, deployment.Id);
                        moved = true;
                        continue;
                    }

                    var step = Math.Max(1, deployment.CurrentStep);
                    work.State = work.State with { Deployments = work.State.Deployments.WithStep(deployment.Id, step) };
                    _begun[deployment.Id] = step;
                    if (deployment.Plan.Steps[step - 1].Actions.Count > 0)
                    {
                        work.Events.Add(new DeploymentInfoEvent(deployment.Plan, deployment.Plan.Steps[step - 1]) { Timestamp = now });
                    }

                    foreach (var action in deployment.Plan.Steps[step - 1].Actions)
                    {
                        Begin(work, deployment.Id, action, now);
                    }
                }

                var current = work.State.Deployments.Find(deployment.Id)!;
                if (current.CurrentActions.All(action => IsDone(work, current.Id, action)))
                {
                    var done = current.Plan.Steps[current.CurrentStep - 1];
                    work.Events.Add(new DeploymentStepSuccessEvent(current.Plan, done) { Timestamp = now });
                    foreach (var stopped in done.Actions.Where(a => a.Kind == DeploymentActionKind.StopApplication))
                    {
                        work.Events.Add(new AppTerminatedEvent(stopped.AppId) { Timestamp = now });
                    }

                    if (current.CurrentStep >= current.Plan.Steps.Count)
                    {
                        work.Events.Add(new DeploymentSuccessEvent(current.Plan) { Timestamp = now });
                        End(work, current.Id);
                    }
                    else
                    {
                        work.State = work.State with { Deployments = work.State.Deployments.WithStep(current.Id, current.CurrentStep + 1) };
                    }

                    moved = true;
                }
            }
        }
    }

    /// <summary>A new instance became healthy, or an old one ended: the replacements of running restarts take their next move.</summary>
    public void OnInstanceChanged(Working work, Instance? before, Instance? after, InstanceId id)
    {
        foreach (var (key, replacement) in _replacements.ToArray())
        {
            var app = work.State.Apps.GetValueOrDefault(key.App);
            if (app is null || (before?.AppId ?? after?.AppId) != key.App)
            {
                continue;
            }

            var next = replacement;
            ReplacementDecision decision = ReplacementDecision.Nothing;
            var isOld = replacement.OldToKill.Contains(id) || replacement.OldDying.Contains(id) || replacement.OldHealthy.Contains(id);
            if (isOld && (after is null || after.State is { } s && TaskStates.IsTerminal(s)))
            {
                (next, decision) = replacement.OnOldTerminal(id);
            }
            else if (!isOld && after is not null && after.AppVersion == app.Version && IsHealthy(app, after))
            {
                (next, decision) = replacement.OnNewReady(id);
            }
            else if (!isOld && after is not null && replacement.NewReady.Contains(id) && !IsHealthy(app, after))
            {
                next = replacement.OnNewNotReady(id);
            }

            _replacements[key] = next;
            Apply(work, app, decision);
        }
    }

    private void Begin(Working work, string deploymentId, DeploymentAction action, DateTimeOffset now)
    {
        var app = action.App;
        var instances = work.State.InstancesOf(app.Id).ToArray();
        switch (action.Kind)
        {
            case DeploymentActionKind.StopApplication:
                foreach (var instance in instances)
                {
                    work.Decommission(instance);
                }

                work.State = work.State with { Backoff = work.State.Backoff.Forget(app.Id) };
                break;
            case DeploymentActionKind.ScaleApplication:
                var decision = ScalingProposition.Decide(app, instances, action.ScaleTo ?? app.Instances, action.InstancesToKill);
                foreach (var victim in decision.ToKill)
                {
                    work.Decommission(victim);
                }

                Queue(work, app, decision.ToStart);
                break;
            case DeploymentActionKind.RestartApplication:
                work.State = work.State with { Backoff = work.State.Backoff.Reset(app) };
                var old = instances.Where(i => i.Goal == InstanceGoal.Running && i.AppVersion != app.Version && ScalingProposition.Counts(i))
                    .Select(i => new OldInstance(i.Id, IsHealthy(app, i))).ToArray();
                var alreadyNew = instances.Where(i => i.Goal == InstanceGoal.Running && i.AppVersion == app.Version && IsHealthy(app, i)).Select(i => i.Id).ToArray();
                var (state, start) = RollingReplacement.Start(app.Instances, app.UpgradeStrategy, old, alreadyNew);
                _replacements[(deploymentId, app.Id)] = state;
                Apply(work, app, start);
                break;
            case DeploymentActionKind.StartApplication:
            default:
                break;
        }
    }

    private bool IsDone(Working work, string deploymentId, DeploymentAction action)
    {
        var app = work.State.Apps.GetValueOrDefault(action.AppId) ?? action.App;
        var instances = work.State.InstancesOf(action.AppId).ToArray();
        switch (action.Kind)
        {
            case DeploymentActionKind.StopApplication:
                return instances.Length == 0;
            case DeploymentActionKind.ScaleApplication:
                var wanted = action.ScaleTo ?? app.Instances;
                var counted = instances.Where(ScalingProposition.Counts).ToArray();
                return counted.Length == wanted && counted.All(i => IsHealthy(app, i))
                    && !instances.Any(i => i.Goal == InstanceGoal.Decommissioned && i.IsActive && i.State != TaskStates.Unreachable);
            case DeploymentActionKind.RestartApplication:
                if (!_replacements.TryGetValue((deploymentId, action.AppId), out var replacement))
                {
                    return true;
                }

                return replacement.IsDone;
            case DeploymentActionKind.StartApplication:
            default:
                return true;
        }
    }

    private void End(Working work, string deploymentId)
    {
        work.State = work.State with { Deployments = work.State.Deployments.Without(deploymentId) };
        Forget(deploymentId);
        Finished.Add(deploymentId);
    }

    private static void Apply(Working work, AppDefinition app, ReplacementDecision decision)
    {
        foreach (var id in decision.Kill)
        {
            if (work.State.Instances.TryGetValue(id, out var victim))
            {
                work.Decommission(victim);
            }
        }

        Queue(work, app, decision.Launch);
    }

    /// <summary>Adds <paramref name="count"/> new instances of the app's current version, to be launched on the next offers.</summary>
    public static void Queue(Working work, AppDefinition app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            work.Put(new Instance { Id = InstanceId.New(app.Id), AppId = app.Id, AppVersion = app.Version });
        }
    }
}
