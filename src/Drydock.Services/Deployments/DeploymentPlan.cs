using Drydock.Services.Apps;

namespace Drydock.Services.Deployments;

/// <summary>
/// A deployment: how to go from the <see cref="Original"/> apps to the <see cref="Target"/> apps, as steps run one
/// after another (marathon.md §8.1). Immutable. Built by <see cref="DeploymentPlanner"/>; never holds an empty step.
/// </summary>
internal sealed record DeploymentPlan
{
    /// <summary>A UUID in its usual text form; the <c>Marathon-Deployment-Id</c> header and the <c>/v2/deployments</c> id.</summary>
    public required string Id { get; init; }

    /// <summary>The time of the change that made the plan.</summary>
    public required DateTimeOffset Version { get; init; }

    public required IReadOnlyDictionary<PathId, AppDefinition> Original { get; init; }

    public required IReadOnlyDictionary<PathId, AppDefinition> Target { get; init; }

    public required IReadOnlyList<DeploymentStep> Steps { get; init; }

    /// <summary>The apps some action of the plan works on, sorted; these are the apps the plan locks.</summary>
    public IReadOnlyList<PathId> AffectedApps =>
        Steps.SelectMany(s => s.Actions).Select(a => a.AppId).Distinct().OrderBy(id => id.Value, StringComparer.Ordinal).ToArray();

    /// <summary>A plan that changes nothing (it still gets an id and is listed until it completes).</summary>
    public bool IsEmpty => Steps.Count == 0;

    /// <summary>Whether this plan and <paramref name="other"/> work on a common app.</summary>
    public bool Overlaps(DeploymentPlan other) => AffectedApps.Intersect(other.AffectedApps).Any();
}
