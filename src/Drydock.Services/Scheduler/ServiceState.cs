using System.Collections.Immutable;
using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Instances;

namespace Drydock.Services.Scheduler;

/// <summary>
/// What the scheduler knows, as one immutable snapshot: the current apps, every instance, the running deployments, the
/// launch backoffs and each app's last task failure. The scheduler's one writer replaces it whole; the API reads it
/// without locks.
/// </summary>
internal sealed record ServiceState
{
    public static readonly ServiceState Empty = new();

    public ImmutableSortedDictionary<PathId, AppDefinition> Apps { get; init; } =
        ImmutableSortedDictionary.Create<PathId, AppDefinition>(Comparer<PathId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)));

    public ImmutableDictionary<InstanceId, Instance> Instances { get; init; } = ImmutableDictionary<InstanceId, Instance>.Empty;

    public DeploymentBook Deployments { get; init; } = DeploymentBook.Empty;

    public LaunchBackoff Backoff { get; init; } = LaunchBackoff.Empty;

    public ImmutableDictionary<PathId, LastTaskFailure> Failures { get; init; } = ImmutableDictionary<PathId, LastTaskFailure>.Empty;

    /// <summary>The framework id, once the master gave one.</summary>
    public string? FrameworkId { get; init; }

    public IEnumerable<Instance> InstancesOf(PathId app) => Instances.Values.Where(i => i.AppId == app);

    /// <summary>The instance a task id belongs to, if this scheduler knows it.</summary>
    public Instance? FindByTask(string taskId) =>
        InstanceId.ParseTaskId(taskId) is { } parsed && Instances.TryGetValue(parsed.Instance, out var instance) ? instance : null;
}
