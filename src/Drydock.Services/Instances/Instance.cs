using Drydock.Services.Apps;

namespace Drydock.Services.Instances;

/// <summary>
/// One instance of an app and its current task, as the scheduler knows it. Immutable; every change to it is a new
/// record. <see cref="State"/> is the Mesos state name of the current task (<c>TASK_RUNNING</c>, …), or null while it
/// waits for an offer (scheduled, not yet launched).
/// </summary>
internal sealed record Instance
{
    public required InstanceId Id { get; init; }

    public required PathId AppId { get; init; }

    /// <summary>The app version the instance runs (or will run once launched).</summary>
    public required DateTimeOffset AppVersion { get; init; }

    public InstanceGoal Goal { get; init; } = InstanceGoal.Running;

    /// <summary>The incarnation of the current task (1 first, growing with every relaunch); 0 before the first launch.</summary>
    public int Incarnation { get; init; }

    public string? State { get; init; }

    public string? AgentId { get; init; }

    public string? Hostname { get; init; }

    public string? AgentIp { get; init; }

    /// <summary>
    /// The agent's attributes as Mesos formats their values (text, scalar to 3 decimals, ranges, sets), as
    /// <see cref="Placement.AttributeFormat"/> writes them; constraints compare these.
    /// </summary>
    public IReadOnlyDictionary<string, string> AgentAttributes { get; init; } = new Dictionary<string, string>();

    /// <summary>The region of the agent's fault domain (<c>@region</c> in constraints); null when it has none.</summary>
    public string? Region { get; init; }

    /// <summary>The zone of the agent's fault domain (<c>@zone</c> in constraints); null when it has none.</summary>
    public string? Zone { get; init; }

    public IReadOnlyList<int> HostPorts { get; init; } = [];

    public DateTimeOffset? StagedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the current task entered TASK_STARTING; null if it never did.</summary>
    public DateTimeOffset? StartingAt { get; init; }

    /// <summary>The latest health result (from TaskStatus.healthy or the scheduler's own checks); null when none yet.</summary>
    public bool? Healthy { get; init; }

    /// <summary>When the task became unreachable; null while reachable.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }

    /// <summary>Past the app's unreachableStrategy.inactiveAfter: no longer counted, a replacement runs.</summary>
    public bool UnreachableInactive { get; init; }

    public string? TaskId => Incarnation > 0 ? Id.TaskId(Incarnation) : null;

    /// <summary>Launched and not yet terminal.</summary>
    public bool IsActive => State is not null && !TaskStates.IsTerminal(State);
}
