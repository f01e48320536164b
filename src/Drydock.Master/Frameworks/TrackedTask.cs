using Drydock.Protocol.Resources;

namespace Drydock.Master.Frameworks;

/// <summary>A task as the master tracks it.</summary>
internal sealed record TrackedTask(
    string FrameworkId,
    string TaskId,
    string Name,
    string AgentId,
    IReadOnlyList<Resource> Resources,
    string State,
    IReadOnlyList<TrackedStatus> Statuses)
{
    /// <summary>
    /// The latest state is the master's own verdict that the agent does not run the task (lost, dropped, gone,
    /// unreachable, unknown): no agent will send an update for it to be acknowledged.
    /// </summary>
    public bool MasterVerdict { get; init; }

    /// <summary>The uuid of the latest agent update recorded, so a resend of it is recognised and not recorded twice.</summary>
    public string? LatestUuid { get; init; }

    /// <summary>What the task object shows beyond its state: role, user, labels, discovery, container.</summary>
    public TaskDetails Details { get; init; } = TaskDetails.None;
}
