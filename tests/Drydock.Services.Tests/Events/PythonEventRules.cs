using System.Text.Json;
using System.Text.RegularExpressions;
using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Events;

/// <summary>
/// What python3-marathon 0.13.0's <c>EventFactory</c> accepts (marathon.md §9.1), as a checker: every problem it would
/// raise on, or none. Kept beside the real client's test so the unit tests catch a regression without Python.
/// </summary>
internal static partial class PythonEventRules
{
    /// <summary>The client's table of event types (§7 minus the scheduler events, plus its own extras).</summary>
    public static readonly IReadOnlySet<string> KnownTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "api_post_event", "status_update_event", "framework_message_event", "subscribe_event", "unsubscribe_event",
        "add_health_check_event", "remove_health_check_event", "failed_health_check_event", "health_status_changed_event",
        "unhealthy_task_kill_event", "group_change_success", "group_change_failed", "deployment_success",
        "deployment_failed", "deployment_info", "deployment_step_success", "deployment_step_failure",
        "event_stream_attached", "event_stream_detached", "app_terminated_event", "instance_changed_event",
        "unknown_instance_terminated_event", "unhealthy_instance_kill_event", "instance_health_changed_event",
        "pod_created_event", "pod_updated_event", "pod_deleted_event",
    };

    private static readonly string[] PlanKeys = ["id", "original", "target", "steps", "version"];

    private static readonly HashSet<string> GroupKeys = ["dependencies", "apps", "id", "version", "groups", "pods"];

    private static readonly HashSet<string> ActionKeys = ["action", "app", "apps", "type", "readinessCheckResults", "pod"];

    public static IReadOnlyList<string> Problems(JsonElement e)
    {
        var problems = new List<string>();
        if (!e.TryGetProperty("eventType", out var type) || type.ValueKind != JsonValueKind.String || !KnownTypes.Contains(type.GetString()!))
        {
            problems.Add("eventType missing or unknown to the client");
            return problems;
        }

        if (!e.TryGetProperty("timestamp", out var timestamp) || !Timestamp().IsMatch(timestamp.GetString() ?? ""))
        {
            problems.Add("timestamp missing or not …Z");
        }

        if (type.GetString() is "deployment_info" or "deployment_step_success" or "deployment_step_failure")
        {
            CheckPlan(e.GetProperty("plan"), problems);
        }

        if (e.TryGetProperty("healthCheck", out var check) && check.TryGetProperty("command", out var command)
            && command.ValueKind != JsonValueKind.String && !(command.ValueKind == JsonValueKind.Object && command.TryGetProperty("value", out _)))
        {
            problems.Add("healthCheck.command is neither a string nor {value}");
        }

        if (e.TryGetProperty("ipAddresses", out var addresses))
        {
            problems.AddRange(addresses.EnumerateArray().SelectMany(a => a.EnumerateObject()).Where(p => p.Name is not ("ipAddress" or "protocol")).Select(p => "ipAddresses item key " + p.Name));
        }

        if (e.TryGetProperty("appDefinition", out var app))
        {
            problems.AddRange(app.EnumerateObject().Where(p => !AppJson.Keys.Contains(p.Name)).Select(p => "app key " + p.Name));
        }

        return problems;
    }

    private static void CheckPlan(JsonElement plan, List<string> problems)
    {
        var keys = plan.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        if (!keys.SequenceEqual(PlanKeys.Order(StringComparer.Ordinal)))
        {
            problems.Add("plan keys " + string.Join(",", keys));
            return;
        }

        foreach (var side in new[] { "original", "target" })
        {
            problems.AddRange(plan.GetProperty(side).EnumerateObject().Where(p => !GroupKeys.Contains(p.Name)).Select(p => $"{side} key {p.Name}"));
        }

        foreach (var step in plan.GetProperty("steps").EnumerateArray())
        {
            problems.AddRange(step.EnumerateObject().Where(p => p.Name != "actions").Select(p => "step key " + p.Name));
            problems.AddRange(step.GetProperty("actions").EnumerateArray().SelectMany(a => a.EnumerateObject()).Where(p => !ActionKeys.Contains(p.Name)).Select(p => "action key " + p.Name));
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex Timestamp();
}
