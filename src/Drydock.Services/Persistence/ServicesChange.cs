using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Persistence;

/// <summary>
/// One durable change of the scheduler's state, written in one transaction: a reply sent after it survives
/// <c>kill -9</c>. Bodies are JSON made by the rooms that own them (apps by Apps, deployments by Deployments, instances
/// by <see cref="StoredInstanceJson"/>); the store only keeps them.
/// </summary>
internal sealed record ServicesChange
{
    public string? FrameworkId { get; init; }

    /// <summary>New app versions; each becomes its app's current version.</summary>
    public IReadOnlyList<StoredAppVersion> Apps { get; init; } = [];

    /// <summary>Apps no longer current (deleted). Their versions stay until the app id is used again or pruned.</summary>
    public IReadOnlyList<PathId> RemovedApps { get; init; } = [];

    public IReadOnlyList<StoredDeployment> Deployments { get; init; } = [];

    public IReadOnlyList<string> RemovedDeployments { get; init; } = [];

    public IReadOnlyList<Instance> Instances { get; init; } = [];

    public IReadOnlyList<InstanceId> RemovedInstances { get; init; } = [];

    public bool IsEmpty => FrameworkId is null && Apps.Count == 0 && RemovedApps.Count == 0 && Deployments.Count == 0
        && RemovedDeployments.Count == 0 && Instances.Count == 0 && RemovedInstances.Count == 0;
}

/// <summary>One version of an app as stored: its id, its version time and its JSON.</summary>
internal sealed record StoredAppVersion(PathId AppId, DateTimeOffset Version, string Body);

/// <summary>A running deployment as stored.</summary>
internal sealed record StoredDeployment(string Id, string Body);
