using System.Text.Json;
using Drydock.Protocol.Resources;

namespace Drydock.Protocol.Scheduler;

/// <summary>The parts of a Mesos <c>TaskInfo</c> Drydock runs: id, name, agent, resources, command and kill policy.</summary>
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

    /// <summary>Reads a TaskInfo object (for example one of ACCEPT's <c>launch.task_infos</c>).</summary>
    public static ParseResult<TaskInfoMessage> Read(JsonElement task) => ProtoJson.Read(task, e => ProtoObject.ReadRoot(e, Read));

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
        };
    }
}
