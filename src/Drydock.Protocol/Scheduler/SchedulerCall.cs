using System.Text.Json;

namespace Drydock.Protocol.Scheduler;

/// <summary>
/// A parsed v1 scheduler call. <see cref="Type"/> is null when absent or unknown. Payloads other than SUBSCRIBE's are
/// kept as raw JSON for the rooms that serve them.
/// </summary>
public sealed record SchedulerCall(string? Type, string? FrameworkId)
{
    public static readonly IReadOnlySet<string> KnownTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "SUBSCRIBE", "TEARDOWN", "ACCEPT", "DECLINE", "ACCEPT_INVERSE_OFFERS", "DECLINE_INVERSE_OFFERS", "REVIVE",
        "KILL", "SHUTDOWN", "ACKNOWLEDGE", "ACKNOWLEDGE_OPERATION_STATUS", "RECONCILE", "RECONCILE_OPERATIONS",
        "MESSAGE", "REQUEST", "SUPPRESS", "UPDATE_FRAMEWORK",
    };

    public FrameworkInfo? Subscribe { get; init; }

    /// <summary>ACCEPT: the task infos of its LAUNCH operations, in order.</summary>
    public IReadOnlyList<TaskInfoMessage> Launches { get; init; } = [];

    /// <summary>ACCEPT: each launched task's TaskInfo JSON as the framework sent it, by task id (passed to the agent).</summary>
    public IReadOnlyDictionary<string, string> RawTaskInfos { get; init; } = new Dictionary<string, string>();

    /// <summary>ACKNOWLEDGE and KILL: the task and agent named.</summary>
    public string? TaskId { get; init; }

    public string? AgentId { get; init; }

    /// <summary>KILL: <c>kill_policy.grace_period</c> in nanoseconds, which overrides the task's own kill policy.</summary>
    public long? KillGracePeriodNanoseconds { get; init; }

    /// <summary>ACKNOWLEDGE: the update's uuid (base64).</summary>
    public string? Uuid { get; init; }

    /// <summary>RECONCILE: the tasks named (empty: implicit reconciliation of every task).</summary>
    public IReadOnlyList<(string TaskId, string? AgentId)> ReconcileTasks { get; init; } = [];

    /// <summary>ACCEPT_INVERSE_OFFERS / DECLINE_INVERSE_OFFERS: the inverse offers answered.</summary>
    public IReadOnlyList<string> InverseOfferIds { get; init; } = [];

    /// <summary>Whether the call carried a <c>decline</c> payload.</summary>
    public bool HasDecline { get; init; }

    /// <summary>DECLINE (or ACCEPT): the offers answered.</summary>
    public IReadOnlyList<string> OfferIds { get; init; } = [];

    /// <summary>DECLINE (or ACCEPT): <c>filters.refuse_seconds</c>, when given.</summary>
    public double? RefuseSeconds { get; init; }

    /// <summary>The call's top-level payloads present (<c>kill</c>, <c>acknowledge</c>, …), for Mesos's presence checks.</summary>
    public IReadOnlySet<string> Payloads { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The payload each call type must carry, as Mesos's call validation names it.</summary>
    private static readonly Dictionary<string, string> RequiredPayloads = new(StringComparer.Ordinal)
    {
        ["ACCEPT"] = "accept",
        ["DECLINE"] = "decline",
        ["ACCEPT_INVERSE_OFFERS"] = "accept_inverse_offers",
        ["DECLINE_INVERSE_OFFERS"] = "decline_inverse_offers",
        ["KILL"] = "kill",
        ["SHUTDOWN"] = "shutdown",
        ["ACKNOWLEDGE"] = "acknowledge",
        ["ACKNOWLEDGE_OPERATION_STATUS"] = "acknowledge_operation_status",
        ["RECONCILE"] = "reconcile",
        ["MESSAGE"] = "message",
        ["REQUEST"] = "request",
    };

    /// <summary>Reads a call; errors are the text after Mesos's <c>Failed to convert JSON into Call protobuf: </c>.</summary>
    public static ParseResult<SchedulerCall> Read(JsonElement root) =>
        ProtoJson.Read(root, e => ProtoObject.ReadRoot(e, ReadCall));

    /// <summary>Mesos's call validation, without its <c>Failed to validate scheduler::Call: </c> prefix.</summary>
    public string? Validate()
    {
        if (Type is null)
        {
            return "Expecting 'type' to be present";
        }

        if (Type == "SUBSCRIBE")
        {
            if (Subscribe is null)
            {
                return "Expecting 'subscribe' to be present";
            }

            if (!string.IsNullOrEmpty(Subscribe.Id) && Subscribe.Id != FrameworkId)
            {
                return "'framework_id' differs from 'subscribe.framework_info.id'";
            }

            return null;
        }

        if (string.IsNullOrEmpty(FrameworkId))
        {
            return "Expecting 'framework_id' to be present";
        }

        // Every call that carries a payload must have it (Mesos's texts); a call that names a task or agent without one
        // is refused here rather than reaching the rooms without it.
        if (RequiredPayloads.TryGetValue(Type, out var payload) && !Payloads.Contains(payload))
        {
            return $"Expecting '{payload}' to be present";
        }

        // Mesos reads the uuid's bytes as a UUID: 16 of them. (Not its version: the uuids Drydock's agents make are .NET
        // Guids, whose bytes Mesos's check would not read in the same order.)
        if (Type == "ACKNOWLEDGE" && !IsUuid(Uuid))
        {
            return "Not a valid UUID";
        }

        return null;
    }

    private static bool IsUuid(string? base64)
    {
        Span<byte> bytes = stackalloc byte[18];
        return base64 is not null && Convert.TryFromBase64String(base64, bytes, out var written) && written == 16;
    }

    /// <summary>The value of an id message (<c>{"value": …}</c>), its <c>value</c> required, the id itself when <paramref name="required"/>.</summary>
    private static string? Id(ProtoObject? parent, string field, bool required)
    {
        if (parent is not { } message)
        {
            return null;
        }

        var id = message.Message(field);
        if (required)
        {
            message.Require(field, id is not null);
        }

        if (id is not { } present)
        {
            return null;
        }

        var value = present.String("value");
        present.Require("value", value is not null);
        return value;
    }

    private static SchedulerCall ReadCall(ProtoObject call)
    {
        var name = call.Raw("type") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
        var type = name is not null && KnownTypes.Contains(name) ? name : null;
        var frameworkId = Id(call, "framework_id", required: false);
        FrameworkInfo? subscribe = null;
        if (call.Message("subscribe") is { } payload)
        {
            var info = payload.Message("framework_info");
            payload.Require("framework_info", info is not null);
            subscribe = info is { } i ? FrameworkInfoJson.Read(i) : null;
        }

        var answer = call.Message("decline") ?? call.Message("accept");
        var offerIds = answer?.Repeated("offer_ids", o => o.String("value") ?? string.Empty) ?? [];
        var inverse = call.Message("accept_inverse_offers") ?? call.Message("decline_inverse_offers");
        var inverseIds = inverse?.Repeated("inverse_offer_ids", o => o.String("value") ?? string.Empty) ?? [];
        var refuse = (answer ?? inverse)?.Message("filters")?.Double("refuse_seconds");
        var launchOps = call.Message("accept")?.Repeated("operations", o => o).Where(o => o.String("type") == "LAUNCH").ToArray() ?? [];
        var launches = launchOps.SelectMany(o => o.Message("launch")?.Repeated("task_infos", TaskInfoMessage.Read) ?? []).ToArray();
        var raw = launchOps
            .SelectMany(o => o.Message("launch")?.Raw("task_infos") is { ValueKind: JsonValueKind.Array } infos ? infos.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(e => e.GetRawText())
            .Zip(launches, (text, task) => (task.TaskId, text))
            .GroupBy(p => p.TaskId)
            .ToDictionary(g => g.Key, g => g.Last().text);
        var acknowledge = call.Message("acknowledge");
        var kill = call.Message("kill");
        var target = acknowledge ?? kill;
        if (acknowledge is { } ack)
        {
            ack.Require("uuid", ack.Has("uuid"));
        }
        return new SchedulerCall(type, frameworkId)
        {
            Subscribe = subscribe,
            Launches = launches,
            RawTaskInfos = raw,
            TaskId = Id(target, "task_id", required: true),
            AgentId = Id(target, "agent_id", required: acknowledge is not null),
            Uuid = acknowledge?.String("uuid"),
            KillGracePeriodNanoseconds = kill?.Message("kill_policy")?.Message("grace_period")?.Int64("nanoseconds"),
            ReconcileTasks = call.Message("reconcile")?.Repeated("tasks", t => (t.Message("task_id")?.String("value") ?? string.Empty, t.Message("agent_id")?.String("value")))
                .Where(t => t.Item1.Length > 0).ToArray() ?? [],
            HasDecline = call.Has("decline"),
            Payloads = RequiredPayloads.Values.Where(call.Has).ToHashSet(StringComparer.Ordinal),
            OfferIds = offerIds,
            InverseOfferIds = inverseIds,
            RefuseSeconds = refuse,
        };
    }
}
