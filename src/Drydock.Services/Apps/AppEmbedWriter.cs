using System.Text.Json;
using Drydock.Services.Instances;

namespace Drydock.Services.Apps;

/// <summary>
/// Writes the embeds the Api adds to an app object (marathon.md §3.1), each into the object <see cref="AppJson.Write"/>
/// has open: <c>counts</c> as the four <c>tasks*</c> members, <c>deployments</c>, <c>tasks</c>, <c>lastTaskFailure</c>,
/// <c>taskStats</c> and <c>readinessCheckResults</c>.
/// </summary>
internal static class AppEmbedWriter
{
    public static void WriteCounts(Utf8JsonWriter w, TaskCounts counts)
    {
        w.WriteNumber("tasksStaged", counts.Staged);
        w.WriteNumber("tasksRunning", counts.Running);
        w.WriteNumber("tasksHealthy", counts.Healthy);
        w.WriteNumber("tasksUnhealthy", counts.Unhealthy);
    }

    public static void WriteDeployments(Utf8JsonWriter w, IEnumerable<string> deploymentIds)
    {
        w.WriteStartArray("deployments");
        foreach (var id in deploymentIds)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The app's listed tasks (embedded tasks show <c>servicePorts: []</c>, as Marathon's do).</summary>
    public static void WriteTasks(Utf8JsonWriter w, AppDefinition app, IEnumerable<Instance> instances, Func<Instance, IReadOnlyList<TaskHealthResult>?>? health = null)
    {
        w.WriteStartArray("tasks");
        foreach (var instance in instances.Where(TaskJson.IsListed))
        {
            TaskJson.Write(w, instance, app.Role, servicePorts: null, health?.Invoke(instance));
        }

        w.WriteEndArray();
    }

    public static void WriteLastTaskFailure(Utf8JsonWriter w, LastTaskFailure? failure)
    {
        if (failure is null)
        {
            return;
        }

        w.WriteStartObject("lastTaskFailure");
        w.WriteString("appId", failure.AppId.Value);
        w.WriteString("host", failure.Host);
        w.WriteString("message", failure.Message);
        w.WriteString("state", failure.State);
        w.WriteString("taskId", failure.TaskId);
        w.WriteString("timestamp", MarathonTime.Format(failure.Timestamp));
        w.WriteString("version", MarathonTime.Format(failure.Version));
        AppJson.WriteIf(w, "slaveId", failure.SlaveId);
        w.WriteEndObject();
    }

    public static void WriteTaskStats(Utf8JsonWriter w, TaskStats stats)
    {
        w.WriteStartObject("taskStats");
        WriteGroup(w, "startedAfterLastScaling", stats.StartedAfterLastScaling);
        WriteGroup(w, "withLatestConfig", stats.WithLatestConfig);
        WriteGroup(w, "withOutdatedConfig", stats.WithOutdatedConfig);
        WriteGroup(w, "totalSummary", stats.TotalSummary);
        w.WriteEndObject();
    }

    public static void WriteReadinessCheckResults(Utf8JsonWriter w, IEnumerable<ReadinessCheckResult> results)
    {
        w.WriteStartArray("readinessCheckResults");
        foreach (var result in results)
        {
            w.WriteStartObject();
            w.WriteString("name", result.Name);
            w.WriteString("taskId", result.TaskId);
            w.WriteBoolean("ready", result.Ready);
            if (result.LastResponse is { } response)
            {
                w.WriteStartObject("lastResponse");
                w.WriteNumber("status", response.Status);
                w.WriteString("contentType", response.ContentType);
                w.WriteString("body", response.Body);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteGroup(Utf8JsonWriter w, string name, TaskStatsGroup? group)
    {
        if (group is null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteStartObject("stats");
        w.WriteStartObject("counts");
        w.WriteNumber("staged", group.Counts.Staged);
        w.WriteNumber("running", group.Counts.Running);
        w.WriteNumber("healthy", group.Counts.Healthy);
        w.WriteNumber("unhealthy", group.Counts.Unhealthy);
        w.WriteEndObject();
        if (group.AverageSeconds is { } average && group.MedianSeconds is { } median)
        {
            w.WriteStartObject("lifeTime");
            w.WriteNumber("averageSeconds", average);
            w.WriteNumber("medianSeconds", median);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
