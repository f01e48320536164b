using System.Text.Json;
using Drydock.Protocol.Resources;

namespace Drydock.Protocol.Scheduler;

/// <summary>
/// The parts of a Mesos <c>TaskInfo</c> Drydock runs (id, name, agent, resources, command and its URIs, kill policy,
/// health check) and the parts the master shows back in its task objects (labels, discovery, container, the command's
/// user).
/// </summary>
public sealed record TaskInfoMessage
{
    public required string TaskId { get; init; }

    public required string Name { get; init; }

    public required string AgentId { get; init; }

    public required IReadOnlyList<Resource> Resources { get; init; }

    /// <summary>The command line (shell) or executable (not shell).</summary>
    public string? Command { get; init; }

    public bool Shell { get; init; } = true;

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public long? KillGracePeriodNanoseconds { get; init; }

    /// <summary><c>command.uris</c>: what the agent fetches into the sandbox before the task starts.</summary>
    public IReadOnlyList<CommandUri> Uris { get; init; } = [];

    /// <summary><c>health_check</c>; null when the task has none.</summary>
    public HealthCheckInfo? HealthCheck { get; init; }

    /// <summary><c>command.user</c>: the user the task runs as, when the framework set one.</summary>
    public string? User { get; init; }

    /// <summary><c>executor.executor_id</c>; null for a command task (Drydock runs only those).</summary>
    public string? ExecutorId { get; init; }

    public IReadOnlyList<Label> Labels { get; init; } = [];

    /// <summary><c>discovery</c> (a <c>DiscoveryInfo</c>) as the framework sent it; null when absent.</summary>
    public System.Text.Json.JsonElement? Discovery { get; init; }

    /// <summary><c>container</c> (a <c>ContainerInfo</c>) as the framework sent it; null when absent.</summary>
    public System.Text.Json.JsonElement? Container { get; init; }

    /// <summary>Reads a TaskInfo object (for example one of ACCEPT's <c>launch.task_infos</c>).</summary>
    public static ParseResult<TaskInfoMessage> Read(JsonElement task) => ProtoJson.Read(task, e => ProtoObject.ReadRoot(e, Read));

    /// <summary>Parses a TaskInfo kept as JSON text (a launch's <c>task_info_json</c>); a syntax error is a failure too.</summary>
    public static ParseResult<TaskInfoMessage> Parse(string json) =>
        ProtoJson.Parse(System.Text.Encoding.UTF8.GetBytes(json), JsonValueKind.Object, e => ProtoObject.ReadRoot(e, Read));

    /// <summary>
    /// Reads a TaskInfo an agent kept from before Drydock refused non-finite numbers (its checkpoint of a launch): a
    /// non-finite scalar is read as an invalid resource (<see cref="Resource.Defect"/>) instead of failing the task.
    /// </summary>
    public static ParseResult<TaskInfoMessage> ReadRecovered(JsonElement task) => ProtoJson.Read(task, e => ProtoObject.ReadRecovered(e, Read));

    internal static TaskInfoMessage Read(ProtoObject task)
    {
        var id = task.Message("task_id")?.String("value");
        var name = task.String("name");
        var agent = task.Message("agent_id")?.String("value");
        task.Require("task_id", id is not null);
        task.Require("name", name is not null);
        task.Require("agent_id", agent is not null);
        var command = task.Message("command");
        var environment = command?.Message("environment")?.Repeated("variables", v => (Name: v.String("name") ?? string.Empty, Value: v.String("value") ?? string.Empty))
            .Where(v => v.Name.Length > 0)
            .GroupBy(v => v.Name)
            .ToDictionary(g => g.Key, g => g.Last().Value) ?? [];
        return new TaskInfoMessage
        {
            TaskId = id ?? string.Empty,
            Name = name ?? string.Empty,
            AgentId = agent ?? string.Empty,
            Resources = task.Repeated("resources", r => ResourceJson.Read(r, "*")),
            Command = command?.String("value"),
            Shell = command?.Bool("shell") ?? true,
            Arguments = command?.RepeatedStrings("arguments") ?? [],
            Environment = environment,
            KillGracePeriodNanoseconds = task.Message("kill_policy")?.Message("grace_period")?.Int64("nanoseconds"),
            Uris = command?.Repeated("uris", CommandUri.Read) ?? [],
            HealthCheck = task.Message("health_check") is { } check ? HealthCheckInfo.Read(check) : null,
            User = command?.String("user"),
            ExecutorId = task.Message("executor")?.Message("executor_id")?.String("value"),
            Labels = Label.ReadList(task.Message("labels")),
            Discovery = ObjectOrNull(task.Raw("discovery")),
            Container = ObjectOrNull(task.Raw("container")),
        };
    }

    /// <summary>A copy of an object-valued field that outlives its document; null for an absent (or null) field.</summary>
    private static JsonElement? ObjectOrNull(JsonElement? field) =>
        field is { ValueKind: JsonValueKind.Object } value ? value.Clone() : null;
}
