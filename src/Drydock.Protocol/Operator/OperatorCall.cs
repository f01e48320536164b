using System.Text.Json;
using Drydock.Protocol.Maintenance;

namespace Drydock.Protocol.Operator;

/// <summary>
/// A parsed v1 operator call. <see cref="Type"/> is null when the body gave none, or a name Mesos does not know
/// (which proto2 leaves unset). Payloads Drydock reads are parsed; the others are kept raw.
/// </summary>
public sealed record OperatorCall(OperatorCallType? Type)
{
    /// <summary>The snake_case names of the payload fields present in the call.</summary>
    public IReadOnlySet<string> Payloads { get; init; } = new HashSet<string>();

    /// <summary><c>update_maintenance_schedule.schedule</c>.</summary>
    public MaintenanceSchedule? Schedule { get; init; }

    /// <summary><c>start_maintenance.machines</c> or <c>stop_maintenance.machines</c>.</summary>
    public IReadOnlyList<MachineId>? Machines { get; init; }

    /// <summary>The <c>agent_id</c> of <c>deactivate_agent</c>, <c>reactivate_agent</c>, <c>drain_agent</c> or <c>mark_agent_gone</c>.</summary>
    public string? AgentId { get; init; }

    /// <summary><c>drain_agent.max_grace_period</c> (a <c>google.protobuf.Duration</c>) in nanoseconds; null when absent.</summary>
    public long? MaxGracePeriodNanoseconds { get; init; }

    /// <summary><c>drain_agent.mark_gone</c>.</summary>
    public bool MarkGone { get; init; }

    /// <summary><c>teardown.framework_id.value</c>.</summary>
    public string? FrameworkId { get; init; }

    /// <summary><c>update_weights.weight_infos</c>; a missing <c>role</c> reads as the empty string.</summary>
    public IReadOnlyList<WeightInfo>? Weights { get; init; }

    /// <summary>Calls whose payload must be present, by the payload's field name.</summary>
    public static IReadOnlyDictionary<OperatorCallType, string> RequiredPayloads { get; } = new Dictionary<OperatorCallType, string>
    {
        [OperatorCallType.GET_METRICS] = "get_metrics",
        [OperatorCallType.SET_LOGGING_LEVEL] = "set_logging_level",
        [OperatorCallType.LIST_FILES] = "list_files",
        [OperatorCallType.READ_FILE] = "read_file",
        [OperatorCallType.UPDATE_WEIGHTS] = "update_weights",
        [OperatorCallType.RESERVE_RESOURCES] = "reserve_resources",
        [OperatorCallType.UNRESERVE_RESOURCES] = "unreserve_resources",
        [OperatorCallType.CREATE_VOLUMES] = "create_volumes",
        [OperatorCallType.DESTROY_VOLUMES] = "destroy_volumes",
        [OperatorCallType.GROW_VOLUME] = "grow_volume",
        [OperatorCallType.SHRINK_VOLUME] = "shrink_volume",
        [OperatorCallType.UPDATE_MAINTENANCE_SCHEDULE] = "update_maintenance_schedule",
        [OperatorCallType.START_MAINTENANCE] = "start_maintenance",
        [OperatorCallType.STOP_MAINTENANCE] = "stop_maintenance",
        [OperatorCallType.DRAIN_AGENT] = "drain_agent",
        [OperatorCallType.DEACTIVATE_AGENT] = "deactivate_agent",
        [OperatorCallType.REACTIVATE_AGENT] = "reactivate_agent",
        [OperatorCallType.UPDATE_QUOTA] = "update_quota",
        [OperatorCallType.SET_QUOTA] = "set_quota",
        [OperatorCallType.REMOVE_QUOTA] = "remove_quota",
        [OperatorCallType.TEARDOWN] = "teardown",
        [OperatorCallType.MARK_AGENT_GONE] = "mark_agent_gone",
    };

    /// <summary>
    /// Reads a call from a parsed JSON document. Errors are the text after Mesos's
    /// <c>Failed to convert JSON into Call protobuf: </c>.
    /// </summary>
    public static ParseResult<OperatorCall> Read(JsonElement root) =>
        ProtoJson.Read(root, e => ProtoObject.ReadRoot(e, ReadCall));

    /// <summary>The validation error for a call, without Mesos's <c>Failed to validate master::Call: </c> prefix.</summary>
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

        return Type == OperatorCallType.DRAIN_AGENT && MaxGracePeriodNanoseconds < 0
            ? "Expecting 'max_grace_period' to be non-negative"
            : null;
    }

    private static OperatorCall ReadCall(ProtoObject call)
    {
        var type = call.Enum<OperatorCallType>("type");
        var payloads = RequiredPayloads.Values.Where(call.Has).ToHashSet();

        MaintenanceSchedule? schedule = null;
        if (call.Message("update_maintenance_schedule") is { } update)
        {
            var nested = update.Message("schedule");
            update.Require("schedule", nested is not null);
            schedule = nested is { } s ? MaintenanceJson.ReadSchedule(s) : null;
        }

        var machines = call.Message("start_maintenance") is { } start ? MaintenanceJson.ReadMachines(start)
            : call.Message("stop_maintenance") is { } stop ? MaintenanceJson.ReadMachines(stop)
            : null;

        string? agentId = null;
        long? maxGrace = null;
        var markGone = false;
        if (call.Message("drain_agent") is { } drain)
        {
            markGone = drain.Bool("mark_gone") ?? false;
            if (drain.Message("max_grace_period") is { } duration)
            {
                var seconds = duration.Int64("seconds") ?? 0;
                var nanos = duration.Int64("nanos") ?? 0;
                // Both are int64s from the client: their sum in nanoseconds is taken exactly and saturated, so a huge
                // period cannot wrap around to a negative (or small) one.
                var total = ((decimal)seconds * 1_000_000_000) + nanos;
                maxGrace = total >= long.MaxValue ? long.MaxValue : total <= long.MinValue ? long.MinValue : (long)total;
            }
        }

        if ((call.Message("deactivate_agent") ?? call.Message("reactivate_agent") ?? call.Message("drain_agent") ?? call.Message("mark_agent_gone")) is { } target)
        {
            var id = target.Message("agent_id");
            target.Require("agent_id", id is not null);
            if (id is { } idValue)
            {
                agentId = idValue.String("value");
                idValue.Require("value", agentId is not null);
            }
        }

        var weights = call.Message("update_weights")?.Repeated("weight_infos", ReadWeight);

        string? frameworkId = null;
        if (call.Message("teardown") is { } teardown)
        {
            var id = teardown.Message("framework_id");
            teardown.Require("framework_id", id is not null);
            frameworkId = id?.String("value");
            id?.Require("value", frameworkId is not null);
        }

        return new OperatorCall(type)
        {
            Payloads = payloads,
            Schedule = schedule,
            Machines = machines,
            AgentId = agentId,
            MaxGracePeriodNanoseconds = maxGrace,
            MarkGone = markGone,
            Weights = weights,
            FrameworkId = frameworkId,
        };
    }

    private static WeightInfo ReadWeight(ProtoObject info)
    {
        var weight = info.Double("weight");
        info.Require("weight", weight is not null);
        return new WeightInfo(info.String("role") ?? string.Empty, weight ?? 0);
    }
}
