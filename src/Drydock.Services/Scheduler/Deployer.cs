using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Events;
using Drydock.Services.Instances;

namespace Drydock.Services.Scheduler;

/// <summary>
/// Turns an API change into a deployment inside the scheduler's writer: the target apps (stamped with a new version and
/// versionInfo, service ports assigned), the plan, the book's lock check (409 / 403, or cancelling with force), and the
/// stored app versions. The caller answers with the plan's id and version.
/// </summary>
internal static class Deployer
{
    private static readonly ServicePortAssigner Ports = new();

    /// <summary>The outcome: the plan started, or the problem to answer with.</summary>
    internal sealed record Outcome(DeploymentPlan? Plan, MarathonProblem? Problem, IReadOnlyList<string> Cancelled);

    /// <summary>
    /// Deploys <paramref name="changes"/> (an app id to its new definition, or null to remove it) on the current apps.
    /// <paramref name="restarts"/> restart unchanged apps; <paramref name="toKill"/> names instances for kill-and-scale.
    /// </summary>
    public static Outcome Deploy(
        Working work,
        DateTimeOffset now,
        IReadOnlyDictionary<PathId, AppDefinition?> changes,
        bool force,
        IReadOnlySet<PathId>? restarts = null,
        IReadOnlyDictionary<PathId, IReadOnlyList<InstanceId>>? toKill = null)
    {
        var version = MarathonTime.Truncate(now);
        var original = work.State.Apps;
        var target = original;
        foreach (var (id, app) in changes)
        {
            if (app is null)
            {
                target = target.Remove(id);
                continue;
            }

            var stored = original.GetValueOrDefault(id);
            var stamped = Stamp(app, stored, version, restarts?.Contains(id) == true);
            var withPorts = Ports.Assign(stamped, target.Values.Where(a => a.Id != id));
            if (withPorts is null)
            {
                return new Outcome(null, new MarathonProblem(422, ServicePortAssigner.Exhausted), []);
            }

            target = target.SetItem(id, withPorts);
        }

        if (DeploymentPlanner.FindDependencyCycle(target) is { } cycle)
        {
            return new Outcome(null, new MarathonProblem(422, "Dependency graph has cyclic dependencies: " + string.Join(", ", cycle)), []);
        }

        var plan = DeploymentPlanner.Plan(original, target, Guid.NewGuid().ToString("D"), version, restarts, toKill);
        var started = work.State.Deployments.TryStart(plan, force);
        if (!started.Started)
        {
            return started.TooMany
                ? new Outcome(null, new MarathonProblem(403, DeploymentMessages.TooMany(DeploymentBook.DefaultMaxRunning)), [])
                : new Outcome(null, MarathonProblem.Locked(started.LockedBy), []);
        }

        work.State = work.State with { Apps = target, Deployments = started.Book! };
        foreach (var cancelled in started.Cancelled)
        {
            work.Events.Add(new DeploymentFailedEvent(cancelled.Plan, DeploymentMessages.Cancelled) { Timestamp = now });
        }

        work.Events.Add(new GroupChangeSuccessEvent(PathId.Root, version) { Timestamp = now });
        foreach (var (id, _) in changes)
        {
            if (target.TryGetValue(id, out var app))
            {
                work.StoreApp(app, StoredApps.Write(app));
            }
            else if (original.ContainsKey(id))
            {
                work.RemoveApp(id);
            }
        }

        return new Outcome(plan, null, started.Cancelled.Select(d => d.Id).ToArray());
    }

    /// <summary>
    /// The new version of an app: a scale-only change (or a restart) keeps <c>lastConfigChangeAt</c>; any other change sets
    /// all three to now (marathon.md §4.2). A body that changes nothing keeps the stored app as it is.
    /// </summary>
    private static AppDefinition Stamp(AppDefinition app, AppDefinition? stored, DateTimeOffset version, bool restart)
    {
        if (stored is null)
        {
            return app with { Version = version, VersionInfo = new VersionInfo(version, version) };
        }

        var comparable = app with { Version = stored.Version, VersionInfo = stored.VersionInfo, Instances = stored.Instances };
        var sameConfig = comparable == stored || Same(comparable, stored);
        if (sameConfig && app.Instances == stored.Instances && !restart)
        {
            return stored;
        }

        var configChangedAt = sameConfig ? stored.LastConfigChangeAt : version;
        return app with { Version = version, VersionInfo = new VersionInfo(version, configChangedAt) };
    }

    /// <summary>Records hold lists and maps by reference, so equal definitions compare by their JSON.</summary>
    private static bool Same(AppDefinition a, AppDefinition b) => AppJson.ToJson(a) == AppJson.ToJson(b);
}
