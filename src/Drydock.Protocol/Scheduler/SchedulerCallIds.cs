using System.Text.Json;
using Drydock.Protocol.Ids;

namespace Drydock.Protocol.Scheduler;

/// <summary>
/// The ids a v1 scheduler call names, checked against Mesos's id rule (<see cref="IdValidation"/>) before the call
/// reaches a room: the framework's, and the offer, inverse offer, task, agent and executor ids of DECLINE, ACCEPT,
/// the inverse offer answers, KILL, ACKNOWLEDGE, RECONCILE, SHUTDOWN and MESSAGE. The task ids of ACCEPT's LAUNCH
/// operations are not among them: as in Mesos, a task with an invalid id fails alone, with TASK_ERROR.
/// </summary>
public static class SchedulerCallIds
{
    private static readonly (string Payload, string Field, bool Repeated)[] Fields =
    [
        ("accept", "offer_ids", true), ("decline", "offer_ids", true),
        ("accept_inverse_offers", "inverse_offer_ids", true), ("decline_inverse_offers", "inverse_offer_ids", true),
        ("kill", "task_id", false), ("kill", "agent_id", false),
        ("acknowledge", "task_id", false), ("acknowledge", "agent_id", false),
        ("shutdown", "executor_id", false), ("shutdown", "agent_id", false),
        ("message", "agent_id", false), ("message", "executor_id", false),
    ];

    /// <summary>
    /// The error for the first invalid id, without Mesos's <c>Failed to validate scheduler::Call: </c> prefix; null
    /// when every id is valid. Runs after <see cref="SchedulerCall.Validate"/>, on a call that was read.
    /// </summary>
    public static string? Validate(JsonElement call, SchedulerCall read)
    {
        // A SUBSCRIBE without an id (or with an empty one, as Mesos reads it) subscribes a new framework.
        var subscribing = read.Type == "SUBSCRIBE";
        if (Check("framework_id", Value(call, "framework_id"), allowEmpty: subscribing) is { } framework)
        {
            return framework;
        }

        if (subscribing)
        {
            var info = Object(Object(call, "subscribe"), "framework_info");
            return Check("subscribe.framework_info.id", Value(info, "id"), allowEmpty: true);
        }

        foreach (var (payload, field, repeated) in Fields)
        {
            var body = Object(call, payload);
            if (body is null)
            {
                continue;
            }

            var values = repeated ? Values(body.Value, field) : [Value(body, field)];
            foreach (var value in values)
            {
                if (Check($"{payload}.{field}", value, allowEmpty: false) is { } error)
                {
                    return error;
                }
            }
        }

        if (Object(call, "reconcile") is { } reconcile && reconcile.TryGetProperty("tasks", out var tasks) && tasks.ValueKind == JsonValueKind.Array)
        {
            foreach (var task in tasks.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.Object))
            {
                if ((Check("reconcile.tasks.task_id", Value(task, "task_id"), allowEmpty: false) ?? Check("reconcile.tasks.agent_id", Value(task, "agent_id"), allowEmpty: false)) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Stands for a string value that is not valid UTF-8: such a value parses and fails only when decoded, so it is
    /// caught here and refused as an id rather than thrown (found by the scheduler API fuzz tests). Compared by reference.
    /// </summary>
    private static readonly string NotUtf8 = new('\uFFFD', 1);

    private static string? Check(string field, string? value, bool allowEmpty) =>
        ReferenceEquals(value, NotUtf8) ? $"'{field}' is not a valid ID: ID is not valid UTF-8"
        : value is null || (allowEmpty && value.Length == 0) ? null
        : IdValidation.Validate(value) is { } error ? $"'{field}' is not a valid ID: {error}"
        : null;

    private static JsonElement? Object(JsonElement? parent, string field) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>The <c>value</c> of an id message field (<c>{"value": "..."}</c>); null when absent or not a string.</summary>
    private static string? Value(JsonElement? parent, string field) =>
        Object(parent, field) is { } id ? ValueOf(id) : null;

    private static string?[] Values(JsonElement parent, string field) =>
        parent.TryGetProperty(field, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(ValueOf).ToArray()
            : [];

    private static string? ValueOf(JsonElement id) =>
        id.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String ? Text(value) : null;

    private static string Text(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return NotUtf8;
        }
    }
}
