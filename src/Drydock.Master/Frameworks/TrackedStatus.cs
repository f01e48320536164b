using System.Text.Json;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Frameworks;

/// <summary>One status of a tracked task, with what the task object's <c>statuses</c> show of it.</summary>
internal sealed record TrackedStatus(string State, double Timestamp)
{
    public JsonElement? ContainerStatus { get; init; }

    public bool? Healthy { get; init; }

    public IReadOnlyList<Label> Labels { get; init; } = [];

    public static TrackedStatus From(TaskStatusMessage status) => new(status.State, status.Timestamp)
    {
        ContainerStatus = status.ContainerStatus,
        Healthy = status.Healthy,
        Labels = status.Labels,
    };
}
