using System.Text.Json;
using Drydock.Client;

namespace Drydock.Cli.Commands.Tasks;

/// <summary>Where a task's sandbox is: its agent's API and the executor directory on that agent.</summary>
internal sealed record TaskSandbox(string TaskId, string FrameworkId, string AgentId, Uri Agent)
{
    /// <summary>
    /// Finds a task in the master's <c>/state</c>: among the frameworks' tasks (running first, then unreachable and
    /// completed ones, the latest of those), and its agent among <c>slaves</c>. Null when the master knows no such task,
    /// or when it does but does not list its agent (then <paramref name="agentMissing"/> is the agent's id).
    /// </summary>
    public static TaskSandbox? Find(JsonElement masterState, string taskId, out string? agentMissing)
    {
        agentMissing = null;
        var frameworks = Items(masterState, "frameworks").Concat(Items(masterState, "completed_frameworks")).ToArray();
        var active = frameworks.SelectMany(f => Items(f, "tasks")).Where(t => Text(t, "id") == taskId);
        var ended = frameworks.SelectMany(f => Items(f, "unreachable_tasks").Concat(Items(f, "completed_tasks"))).Where(t => Text(t, "id") == taskId);
        JsonElement? found = active.Select(t => (JsonElement?)t).FirstOrDefault() ?? ended.Select(t => (JsonElement?)t).LastOrDefault();
        if (found is not { } hit)
        {
            return null;
        }

        var agentId = Text(hit, "slave_id") ?? string.Empty;
        var agent = Items(masterState, "slaves").FirstOrDefault(a => Text(a, "id") == agentId);
        if (agent.ValueKind != JsonValueKind.Object || AgentClient.UrlFromPid(Text(agent, "pid") ?? string.Empty) is not { } url)
        {
            agentMissing = agentId;
            return null;
        }

        return new TaskSandbox(taskId, Text(hit, "framework_id") ?? string.Empty, agentId, url);
    }

    /// <summary>
    /// The executor directory from the agent's <c>/state</c> (the run whose task is still active, else the latest);
    /// when the agent does not list it, Mesos's virtual path to the executor's latest run.
    /// </summary>
    public string Directory(JsonElement agentState)
    {
        string? latest = null;
        foreach (var framework in Items(agentState, "frameworks").Concat(Items(agentState, "completed_frameworks")))
        {
            if (Text(framework, "id") != FrameworkId)
            {
                continue;
            }

            foreach (var executor in Items(framework, "executors").Concat(Items(framework, "completed_executors")))
            {
                if (Items(executor, "tasks").Any(t => Text(t, "id") == TaskId))
                {
                    return Text(executor, "directory") ?? VirtualDirectory;
                }

                if (Items(executor, "completed_tasks").Any(t => Text(t, "id") == TaskId))
                {
                    latest = Text(executor, "directory") ?? latest;
                }
            }
        }

        return latest ?? VirtualDirectory;
    }

    private string VirtualDirectory => $"/slaves/{AgentId}/frameworks/{FrameworkId}/executors/{TaskId}/runs/latest";

    private static JsonElement[] Items(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray()]
            : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
