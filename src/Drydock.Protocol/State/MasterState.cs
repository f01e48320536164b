using System.Text.Json.Serialization;

namespace Drydock.Protocol.State;

/// <summary>The <c>/state</c> document (Mesos's master state JSON); arrays are always present.</summary>
public sealed record MasterState
{
    public required string Version { get; init; }

    public string? DrydockVersion { get; init; }

    public string? GitSha { get; init; }

    public required string BuildDate { get; init; }

    public required double BuildTime { get; init; }

    public required string BuildUser { get; init; }

    public required double StartTime { get; init; }

    public double? ElectedTime { get; init; }

    public required string Id { get; init; }

    public required string Pid { get; init; }

    public required string Hostname { get; init; }

    public required IReadOnlyList<string> Capabilities { get; init; }

    public required int ActivatedSlaves { get; init; }

    public required int DeactivatedSlaves { get; init; }

    public required int UnreachableSlaves { get; init; }

    public string? Cluster { get; init; }

    public string? Leader { get; init; }

    public LeaderInfo? LeaderInfo { get; init; }

    public string? LogDir { get; init; }

    public required IReadOnlyDictionary<string, string> Flags { get; init; }

    public required IReadOnlyList<AgentState> Slaves { get; init; }

    public required IReadOnlyList<AgentSummary> RecoveredSlaves { get; init; }

    public required IReadOnlyList<FrameworkState> Frameworks { get; init; }

    public required IReadOnlyList<FrameworkState> CompletedFrameworks { get; init; }

    public required IReadOnlyList<TaskState> OrphanTasks { get; init; }

    public required IReadOnlyList<string> UnregisteredFrameworks { get; init; }
}

/// <summary>The leading master as <c>/state</c> shows it under <c>leader_info</c>.</summary>
public sealed record LeaderInfo(string Id, string Pid, int Port, string Hostname);

/// <summary>An agent as <c>/state</c> and <c>/slaves</c> list it (filled in by the agent registry).</summary>
public sealed record AgentState
{
    public required string Id { get; init; }

    public required string Hostname { get; init; }

    public required int Port { get; init; }

    public required string Pid { get; init; }

    public required double RegisteredTime { get; init; }

    public double? ReregisteredTime { get; init; }

    public required IReadOnlyDictionary<string, object> Attributes { get; init; }

    public required IReadOnlyDictionary<string, object> Resources { get; init; }

    public required IReadOnlyDictionary<string, object> UsedResources { get; init; }

    public required IReadOnlyDictionary<string, object> OfferedResources { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> ReservedResources { get; init; }

    public required IReadOnlyDictionary<string, object> UnreservedResources { get; init; }

    public required bool Active { get; init; }

    public required bool Deactivated { get; init; }

    public required string Version { get; init; }

    public required IReadOnlyList<string> Capabilities { get; init; }

    /// <summary>The agent's drain (DRAIN_AGENT); absent when it was never drained or was reactivated since.</summary>
    public DrainInfoState? DrainInfo { get; init; }

    /// <summary>When the drain began, in whole seconds since the epoch; absent without a drain.</summary>
    public long? EstimatedDrainStartTimeSeconds { get; init; }
}

/// <summary>A recovered agent: known from the registry, not yet re-registered.</summary>
public sealed record AgentSummary(string Id, string Hostname, int Port, IReadOnlyDictionary<string, object> Attributes);

/// <summary>A framework as <c>/state</c> and <c>/master/frameworks</c> list it.</summary>
public sealed record FrameworkState
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string User { get; init; }

    public required string Hostname { get; init; }

    public required string WebuiUrl { get; init; }

    public required bool Active { get; init; }

    public required bool Connected { get; init; }

    public required bool Recovered { get; init; }

    public required double FailoverTimeout { get; init; }

    public required bool Checkpoint { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    public required IReadOnlyList<string> Capabilities { get; init; }

    public required double RegisteredTime { get; init; }

    public double? ReregisteredTime { get; init; }

    public double? UnregisteredTime { get; init; }

    public string? Principal { get; init; }

    /// <summary>The framework's one role, for frameworks without the MULTI_ROLE capability (Mesos writes <c>role</c> then).</summary>
    public string? Role { get; init; }

    public IReadOnlyList<LabelState>? Labels { get; init; }

    public required IReadOnlyDictionary<string, object> Resources { get; init; }

    public required IReadOnlyDictionary<string, object> UsedResources { get; init; }

    public required IReadOnlyDictionary<string, object> OfferedResources { get; init; }

    public required IReadOnlyList<TaskState> Tasks { get; init; }

    public required IReadOnlyList<TaskState> UnreachableTasks { get; init; }

    public required IReadOnlyList<TaskState> CompletedTasks { get; init; }

    public required IReadOnlyList<string> Offers { get; init; }

    public required IReadOnlyList<string> Executors { get; init; }
}

/// <summary>
/// A task as <c>/state</c>, <c>/tasks</c> and <c>/master/frameworks</c> list it: Mesos's v0 task object
/// (<c>apache/mesos: src/common/http.cpp</c>).
/// </summary>
public sealed record TaskState
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string FrameworkId { get; init; }

    /// <summary>Empty for a command task, as Mesos writes it.</summary>
    public required string ExecutorId { get; init; }

    [JsonPropertyName("slave_id")]
    public required string AgentId { get; init; }

    public required string State { get; init; }

    /// <summary>The task's resources as a flat object (<c>cpus</c>, <c>gpus</c>, <c>mem</c>, <c>disk</c> always present).</summary>
    public required IReadOnlyDictionary<string, object> Resources { get; init; }

    public required string Role { get; init; }

    public required IReadOnlyList<TaskStatusState> Statuses { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<LabelState>? Labels { get; init; }

    public System.Text.Json.JsonElement? Discovery { get; init; }

    public System.Text.Json.JsonElement? Container { get; init; }
}

/// <summary>One of a v0 task's <c>statuses</c>.</summary>
public sealed record TaskStatusState
{
    public required string State { get; init; }

    public required double Timestamp { get; init; }

    public IReadOnlyList<LabelState>? Labels { get; init; }

    public System.Text.Json.JsonElement? ContainerStatus { get; init; }

    public bool? Healthy { get; init; }
}

/// <summary>A label in v0 JSON: <c>{"key":..,"value":..}</c>.</summary>
public sealed record LabelState(string Key, string? Value);
