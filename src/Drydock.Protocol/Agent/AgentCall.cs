using System.Text.Json;

namespace Drydock.Protocol.Agent;

/// <summary>
/// A parsed v1 agent call (<c>POST /api/v1</c> on an agent). <see cref="Type"/> is null when the body gave none or a
/// name Mesos does not know. Only the payloads Drydock serves are read: <c>list_files</c> and <c>read_file</c>.
/// </summary>
public sealed record AgentCall(AgentCallType? Type)
{
    /// <summary>The snake_case names of the payload fields present in the call.</summary>
    public IReadOnlySet<string> Payloads { get; init; } = new HashSet<string>();

    /// <summary><c>list_files.path</c> or <c>read_file.path</c>.</summary>
    public string? Path { get; init; }

    /// <summary><c>read_file.offset</c> (a uint64; a negative value here is refused by <see cref="Validate"/>).</summary>
    public long Offset { get; init; }

    /// <summary><c>read_file.length</c>; null when absent.</summary>
    public long? Length { get; init; }

    /// <summary>Calls whose payload must be present, by the payload's field name.</summary>
    public static IReadOnlyDictionary<AgentCallType, string> RequiredPayloads { get; } = new Dictionary<AgentCallType, string>
    {
        [AgentCallType.GET_METRICS] = "get_metrics",
        [AgentCallType.SET_LOGGING_LEVEL] = "set_logging_level",
        [AgentCallType.LIST_FILES] = "list_files",
        [AgentCallType.READ_FILE] = "read_file",
        [AgentCallType.LAUNCH_NESTED_CONTAINER] = "launch_nested_container",
        [AgentCallType.WAIT_NESTED_CONTAINER] = "wait_nested_container",
        [AgentCallType.KILL_NESTED_CONTAINER] = "kill_nested_container",
        [AgentCallType.REMOVE_NESTED_CONTAINER] = "remove_nested_container",
        [AgentCallType.LAUNCH_NESTED_CONTAINER_SESSION] = "launch_nested_container_session",
        [AgentCallType.ATTACH_CONTAINER_INPUT] = "attach_container_input",
        [AgentCallType.ATTACH_CONTAINER_OUTPUT] = "attach_container_output",
        [AgentCallType.LAUNCH_CONTAINER] = "launch_container",
        [AgentCallType.WAIT_CONTAINER] = "wait_container",
        [AgentCallType.KILL_CONTAINER] = "kill_container",
        [AgentCallType.REMOVE_CONTAINER] = "remove_container",
    };

    /// <summary>
    /// Reads a call from a parsed JSON document. Errors are the text after Mesos's
    /// <c>Failed to convert JSON into Call protobuf: </c>.
    /// </summary>
    public static ParseResult<AgentCall> Read(JsonElement root) =>
        ProtoJson.Read(root, e => ProtoObject.ReadRoot(e, ReadCall));

    /// <summary>The validation error for a call, without Mesos's <c>Failed to validate agent::Call: </c> prefix.</summary>
    public string? Validate()
    {
        if (Type is null)
        {
            return "Expecting 'type' to be present";
        }

        if (RequiredPayloads.TryGetValue(Type.Value, out var payload) && !Payloads.Contains(payload))
        {
            return $"Expecting '{payload}' to be present";
        }

        if (Type == AgentCallType.READ_FILE && Offset < 0)
        {
            return "Expecting 'read_file.offset' to be non-negative";
        }

        return Type == AgentCallType.READ_FILE && Length < 0
            ? "Expecting 'read_file.length' to be non-negative"
            : null;
    }

    private static AgentCall ReadCall(ProtoObject call)
    {
        var type = call.Enum<AgentCallType>("type");
        var payloads = RequiredPayloads.Values.Where(call.Has).ToHashSet();
        string? path = null;
        long offset = 0;
        long? length = null;
        if (call.Message("list_files") is { } list)
        {
            path = list.String("path");
            list.Require("path", path is not null);
        }

        if (call.Message("read_file") is { } read)
        {
            path = read.String("path");
            read.Require("path", path is not null);
            var given = read.Int64("offset");
            read.Require("offset", given is not null);
            offset = given ?? 0;
            length = read.Int64("length");
        }

        return new AgentCall(type) { Payloads = payloads, Path = path, Offset = offset, Length = length };
    }
}
