using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>
/// Builds deployment plans from two app sets (marathon.md §8.1): a step of StopApplication for every app missing from
/// the target, a step of StartApplication for every new app, then one step per dependency layer (apps layered by the
/// length of their longest <c>dependencies</c> path) with ScaleApplication or RestartApplication actions. Empty steps
/// are dropped, so a change that changes nothing gives a stepless plan. Pure: the id and the version are given.
/// </summary>
internal static class DeploymentPlanner
{
    /// <summary>
    /// The plan from <paramref name="original"/> to <paramref name="target"/>. Apps in <paramref name="restarts"/> get a
    /// RestartApplication even when their definition is unchanged; <paramref name="toKill"/> names instances for
    /// kill-and-scale, carried by the app's ScaleApplication.
    /// </summary>
    public static DeploymentPlan Plan(
        IReadOnlyDictionary<PathId, AppDefinition> original,
        IReadOnlyDictionary<PathId, AppDefinition> target,
        string id,
        DateTimeOffset version,
        IReadOnlySet<PathId>? restarts = null,
        IReadOnlyDictionary<PathId, IReadOnlyList<InstanceId>>? toKill = null)
    {
        var steps = new List<DeploymentStep>
        {
            new(Sorted(original.Values.Where(app => !target.ContainsKey(app.Id))).Select(DeploymentAction.Stop).ToArray()),
            new(Sorted(target.Values.Where(app => !original.ContainsKey(app.Id))).Select(DeploymentAction.Start).ToArray()),
        };

        var layers = LongestPaths(target);
        foreach (var layer in Sorted(target.Values).GroupBy(app => layers[app.Id]).OrderBy(g => g.Key))
        {
            var actions = new List<DeploymentAction>();
            foreach (var app in layer)
            {
                var action = ActionFor(original.GetValueOrDefault(app.Id), app, restarts?.Contains(app.Id) == true, toKill?.GetValueOrDefault(app.Id));
                if (action is not null)
                {
                    actions.Add(action);
                }
            }

            steps.Add(new DeploymentStep(actions));
        }

        return new DeploymentPlan
        {
            Id = id,
            Version = version,
            Original = original,
            Target = target,
            Steps = steps.Where(s => s.Actions.Count > 0).ToArray(),
        };
    }

    /// <summary>
    /// The apps that undo <paramref name="plan"/> on <paramref name="current"/>: apps it created are removed, apps it
    /// deleted come back, and apps it changed return to their original version. Other apps stay as they are.
    /// </summary>
    public static IReadOnlyDictionary<PathId, AppDefinition> Revert(DeploymentPlan plan, IReadOnlyDictionary<PathId, AppDefinition> current)
    {
        var result = new Dictionary<PathId, AppDefinition>(current);
        foreach (var appId in plan.Original.Keys.Union(plan.Target.Keys))
        {
            if (plan.Original.TryGetValue(appId, out var before))
            {
                result[appId] = before;
            }
            else
            {
                result.Remove(appId);
            }
        }

        return result;
    }

    /// <summary>The rollback of <paramref name="plan"/> (<c>DELETE /v2/deployments/{id}</c> without force): a plan from the current apps to the reverted ones.</summary>
    public static DeploymentPlan Rollback(DeploymentPlan plan, IReadOnlyDictionary<PathId, AppDefinition> current, string id, DateTimeOffset version) =>
        Plan(current, Revert(plan, current), id, version);

    /// <summary>
    /// A cycle in the apps' dependencies (the ids along it, the first repeated at the end), or null when there is
    /// none. A dependency on a group stands for every app under it. Plans ignore the edge that closes a cycle; the
    /// Apps room refuses such a set before it gets here.
    /// </summary>
    public static IReadOnlyList<PathId>? FindDependencyCycle(IReadOnlyDictionary<PathId, AppDefinition> apps)
    {
        var state = new Dictionary<PathId, bool>(); // false: on the current path; true: finished
        var path = new List<PathId>();
        foreach (var app in Sorted(apps.Values))
        {
            var cycle = Visit(app.Id);
            if (cycle is not null)
            {
                return cycle;
            }
        }

        return null;

        IReadOnlyList<PathId>? Visit(PathId appId)
        {
            if (state.TryGetValue(appId, out var finished))
            {
                return finished ? null : [.. path.Skip(path.IndexOf(appId)), appId];
            }

            state[appId] = false;
            path.Add(appId);
            foreach (var next in DependenciesOf(apps[appId], apps))
            {
                var cycle = Visit(next);
                if (cycle is not null)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[appId] = true;
            return null;
        }
    }

    private static DeploymentAction? ActionFor(AppDefinition? before, AppDefinition after, bool restart, IReadOnlyList<InstanceId>? toKill)
    {
        if (before is null)
        {
            return DeploymentAction.Scale(after);
        }

        var sameConfig = before.LastConfigChangeAt == after.LastConfigChangeAt;
        if (after.Instances == 0 || (sameConfig && !restart && before.Instances != after.Instances))
        {
            return DeploymentAction.Scale(after, toKill);
        }

        if (restart || !sameConfig || before.Version != after.Version)
        {
            return DeploymentAction.Restart(after);
        }

        return toKill is { Count: > 0 } ? DeploymentAction.Scale(after, toKill) : null;
    }

    /// <summary>The length of each app's longest dependency path (0 for an app that depends on nothing).</summary>
    private static Dictionary<PathId, int> LongestPaths(IReadOnlyDictionary<PathId, AppDefinition> apps)
    {
        var lengths = new Dictionary<PathId, int>();
        var onPath = new HashSet<PathId>();
        foreach (var appId in apps.Keys)
        {
            Length(appId);
        }

        return lengths;

        int Length(PathId appId)
        {
            if (lengths.TryGetValue(appId, out var known))
            {
                return known;
            }

            onPath.Add(appId);
            var longest = 0;
            foreach (var next in DependenciesOf(apps[appId], apps))
            {
                if (!onPath.Contains(next))
                {
                    longest = Math.Max(longest, Length(next) + 1);
                }
            }

            onPath.Remove(appId);
            lengths[appId] = longest;
            return longest;
        }
    }

    /// <summary>The apps <paramref name="app"/> depends on: a dependency naming an app is that app, one naming a group every app under it.</summary>
    private static IEnumerable<PathId> DependenciesOf(AppDefinition app, IReadOnlyDictionary<PathId, AppDefinition> apps)
    {
        foreach (var dependency in app.Dependencies)
        {
            if (apps.ContainsKey(dependency))
            {
                yield return dependency;
                continue;
            }

            foreach (var member in apps.Keys.Where(k => k != app.Id && k.IsUnder(dependency) && !dependency.IsRoot).OrderBy(k => k.Value, StringComparer.Ordinal))
            {
                yield return member;
            }
        }
    }

    private static IEnumerable<AppDefinition> Sorted(IEnumerable<AppDefinition> apps) => apps.OrderBy(a => a.Id.Value, StringComparer.Ordinal);
}
