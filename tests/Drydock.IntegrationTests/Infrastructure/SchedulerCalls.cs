using System.Text.Json;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>Scheduler API call bodies and event waits the task tests share.</summary>
internal static class SchedulerCalls
{
    public static async Task<JsonElement> NextAsync(SchedulerStream stream, string type, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var next = await stream.NextAsync(deadline - DateTime.UtcNow) ?? throw new InvalidOperationException("stream ended");
            if (next.GetProperty("type").GetString() == type)
            {
                return next;
            }
        }

        throw new TimeoutException($"No {type} in time");
    }

    /// <summary>
    /// The next UPDATE's status matching <paramref name="match"/>. Updates are at least once, so others may come
    /// first; those carrying a uuid are acknowledged (with <paramref name="frameworkId"/>), as a framework must, or the
    /// agent would hold back the updates queued behind them.
    /// </summary>
    public static async Task<JsonElement> NextStatusAsync(SchedulerStream stream, Func<JsonElement, bool> match, string? frameworkId = null, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = (await NextAsync(stream, "UPDATE", deadline - DateTime.UtcNow)).GetProperty("update").GetProperty("status");
            if (match(status))
            {
                return status;
            }

            if (frameworkId is not null && status.TryGetProperty("uuid", out _))
            {
                await stream.CallAsync(Acknowledge(frameworkId, status));
            }
        }
    }

    public static Task<JsonElement> NextStatusAsync(SchedulerStream stream, string state, string? frameworkId = null) =>
        NextStatusAsync(stream, s => s.GetProperty("state").GetString() == state, frameworkId);

    public static string Accept(string frameworkId, JsonElement offer, string taskId, string command) =>
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"accept\":{\"offer_ids\":[" + offer.GetProperty("id").GetRawText()
        + "],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"" + taskId + "\",\"task_id\":{\"value\":\"" + taskId
        + "\"},\"agent_id\":" + offer.GetProperty("agent_id").GetRawText()
        + ",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.1}},{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":16}}]"
        + ",\"command\":{\"value\":" + JsonSerializer.Serialize(command) + ",\"shell\":true}}]}}],\"filters\":{\"refuse_seconds\":0}}}";

    public static string Acknowledge(string frameworkId, JsonElement status) =>
        "{\"type\":\"ACKNOWLEDGE\",\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"acknowledge\":{\"agent_id\":" + status.GetProperty("agent_id").GetRawText()
        + ",\"task_id\":" + status.GetProperty("task_id").GetRawText() + ",\"uuid\":\"" + status.GetProperty("uuid").GetString() + "\"}}";

    /// <summary>RECONCILE; each task is (task id, agent id or null); none for implicit reconciliation.</summary>
    public static string Reconcile(string frameworkId, params (string TaskId, string? AgentId)[] tasks) =>
        "{\"type\":\"RECONCILE\",\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"reconcile\":{\"tasks\":["
        + string.Join(",", tasks.Select(t => "{\"task_id\":{\"value\":\"" + t.TaskId + "\"}" + (t.AgentId is null ? string.Empty : ",\"agent_id\":{\"value\":\"" + t.AgentId + "\"}") + "}"))
        + "]}}";

    public static string TaskIdOf(JsonElement status) => status.GetProperty("task_id").GetProperty("value").GetString()!;

    /// <summary>A port for a master that must come back where its agents expect it (see <see cref="PortAllocator"/>).</summary>
    public static int FreePort() => PortAllocator.Next();
}
