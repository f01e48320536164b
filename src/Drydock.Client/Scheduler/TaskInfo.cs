using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>
/// A task to launch on an offer's agent (Mesos <c>TaskInfo</c> for a command task). Resources are Protocol
/// <see cref="Resource"/>s: <c>new Resource("cpus", Value.OfScalar(0.5))</c>,
/// <c>new Resource("ports", Value.OfRanges([new ValueRange(31000, 31000)]))</c>; a resource's role is its reservation.
/// </summary>
/// <param name="TaskId">The task's id, unique within the framework.</param>
/// <param name="Name">A name for people.</param>
/// <param name="AgentId">The agent of the offer it is launched on.</param>
/// <param name="Resources">What it takes from the offer.</param>
public sealed record TaskInfo(string TaskId, string Name, string AgentId, IReadOnlyList<Resource> Resources)
{
    /// <summary>What it runs.</summary>
    public CommandInfo? Command { get; init; }

    /// <summary>Its health check.</summary>
    public HealthCheck? HealthCheck { get; init; }

    /// <summary>How long a kill waits between SIGTERM and SIGKILL (<c>kill_policy.grace_period</c>).</summary>
    public TimeSpan? KillGracePeriod { get; init; }

    /// <summary>Free-form labels, shown back in the master's task objects.</summary>
    public IReadOnlyList<Label> Labels { get; init; } = [];

    /// <summary>How others find it.</summary>
    public DiscoveryInfo? Discovery { get; init; }

    /// <summary>
    /// The role the resources were offered to (each resource's <c>allocation_info</c>): a MULTI_ROLE framework sets it
    /// to the offer's <see cref="OfferMessage.Role"/>; null sends none.
    /// </summary>
    public string? AllocationRole { get; init; }
}
