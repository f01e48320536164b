using System.Text.Json;
using Drydock.Services.Instances;

namespace Drydock.Services.Apps;

/// <summary>
/// Writes the task object of an instance (marathon.md §3.2), in <c>tasks</c>, <c>/v2/tasks</c> and kill answers. A task
/// without a state yet shows TASK_STAGING, an inactive unreachable one TASK_UNREACHABLE; a terminal task shows
/// <c>ports: []</c> and no timestamps or version.
/// </summary>
internal static class TaskJson
{
    /// <summary>Every key a task object may carry (python3-marathon's Task model).</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        "appId", "healthCheckResults", "host", "id", "ports", "servicePorts", "slaveId", "stagedAt", "startedAt", "version",
        "ipAddresses", "state", "localVolumes", "region", "zone", "role",
    };

    /// <summary>Only instances that have an agent and at least one task are listed; scheduled ones are not.</summary>
    public static bool IsListed(Instance instance) => instance.AgentId is not null && instance.Incarnation > 0;

    /// <summary>The Mesos state name the task shows.</summary>
    public static string StateOf(Instance instance) =>
        instance.UnreachableInactive ? TaskStates.Unreachable : instance.State ?? TaskStates.Staging;

    /// <param name="writer">The writer, positioned where a value may go.</param>
    /// <param name="instance">A listed instance (see <see cref="IsListed"/>).</param>
    /// <param name="role">The role of the app's tasks.</param>
    /// <param name="servicePorts">The app's service ports (<c>/v2/tasks</c>); null writes <c>[]</c>, as embedded tasks show.</param>
    /// <param name="health">The health results; null derives one from <see cref="Instance.Healthy"/>.</param>
    public static void Write(Utf8JsonWriter writer, Instance instance, string role, IReadOnlyList<int>? servicePorts = null, IReadOnlyList<TaskHealthResult>? health = null)
    {
        var w = writer;
        var state = StateOf(instance);
        var active = !TaskStates.IsTerminal(state);
        w.WriteStartObject();
        w.WriteString("id", instance.TaskId ?? instance.Id.Value);
        w.WriteString("appId", instance.AppId.Value);
        AppJson.WriteIf(w, "host", instance.Hostname);
        AppJson.WriteIf(w, "slaveId", instance.AgentId);
        w.WriteString("state", state);
        if (active && instance.StagedAt is { } staged)
        {
            w.WriteString("stagedAt", MarathonTime.Format(staged));
        }

        if (active && instance.StartedAt is { } started)
        {
            w.WriteString("startedAt", MarathonTime.Format(started));
        }

        if (active)
        {
            w.WriteString("version", MarathonTime.Format(instance.AppVersion));
        }

        w.WriteStartArray("ports");
        foreach (var port in active ? instance.HostPorts : [])
        {
            w.WriteNumberValue(port);
        }

        w.WriteEndArray();
        w.WriteStartArray("servicePorts");
        foreach (var port in servicePorts ?? [])
        {
            w.WriteNumberValue(port);
        }

        w.WriteEndArray();
        w.WriteStartArray("ipAddresses");
        if (instance.AgentIp is { } ip)
        {
            w.WriteStartObject();
            w.WriteString("ipAddress", ip);
            w.WriteString("protocol", ip.Contains(':', StringComparison.Ordinal) ? "IPv6" : "IPv4");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteHealth(w, instance, health ?? Derived(instance));
        w.WriteStartArray("localVolumes");
        w.WriteEndArray();
        w.WriteString("role", role);
        w.WriteEndObject();
    }

    private static IReadOnlyList<TaskHealthResult> Derived(Instance instance) =>
        instance.Healthy is { } alive ? [new TaskHealthResult(alive, alive ? 0 : 1)] : [];

    private static void WriteHealth(Utf8JsonWriter w, Instance instance, IReadOnlyList<TaskHealthResult> results)
    {
        w.WriteStartArray("healthCheckResults");
        foreach (var result in results)
        {
            w.WriteStartObject();
            w.WriteBoolean("alive", result.Alive);
            w.WriteNumber("consecutiveFailures", result.ConsecutiveFailures);
            WriteTime(w, "firstSuccess", result.FirstSuccess);
            WriteTime(w, "lastSuccess", result.LastSuccess);
            WriteTime(w, "lastFailure", result.LastFailure);
            AppJson.WriteIf(w, "lastFailureCause", result.LastFailureCause);
            w.WriteString("instanceId", instance.Id.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            w.WriteString(name, MarathonTime.Format(t));
        }
    }
}
