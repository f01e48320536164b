using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Drydock.Cli.Commands.Cluster;

/// <summary>
/// <c>drydock events [--verbose] [--json]</c>: follows the master's operator event stream until Ctrl-C. Each status
/// update shows its reason and is printed once per (task, uuid), however often the agent resends it; heartbeats show
/// only with <c>--verbose</c>. When the master goes away the command says "stream closed" and exits 3.
/// </summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also show heartbeats and repeated status updates" };
        var command = new Command("events", "Follow the master's event stream (agents, frameworks, tasks) until Ctrl-C") { json, verbose };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            var filter = new EventFilter(parse.GetValue(verbose));
            try
            {
                await foreach (var record in client.SubscribeAsync(ct))
                {
                    if (filter.Shows(record))
                    {
                        Console.WriteLine(parse.GetValue(json) ? record : Describe(record));
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C: the operator is done watching.
                return 0;
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                await Console.Error.WriteLineAsync($"stream closed: the master at {client.Master} went away ({e.Message})");
                return CliRunner.Unreachable;
            }

            if (ct.IsCancellationRequested)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"stream closed: the master at {client.Master} ended it");
            return CliRunner.Unreachable;
        }));
        return command;
    }

    /// <summary>One line for a person: the time it was seen, the event, and what it is about.</summary>
    internal static string Describe(string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString() ?? "?";
        var body = root.TryGetProperty(type.ToLowerInvariant(), out var payload) ? payload : default;
        var detail = type switch
        {
            "SUBSCRIBED" => string.Create(
                CultureInfo.InvariantCulture,
                $"{ClusterCommands.Array(body.GetProperty("get_state").GetProperty("get_agents"), "agents").Length} agent(s), {ClusterCommands.Array(body.GetProperty("get_state").GetProperty("get_frameworks"), "frameworks").Length} framework(s), {ClusterCommands.Array(body.GetProperty("get_state").GetProperty("get_tasks"), "tasks").Length} active task(s)"),
            "TASK_ADDED" => $"{ClusterCommands.Id(body.GetProperty("task"), "task_id")} on {ClusterCommands.Id(body.GetProperty("task"), "agent_id")}: {body.GetProperty("task").GetProperty("state").GetString()}",
            "TASK_UPDATED" => TaskUpdate(body),
            "AGENT_UPDATED" => $"{ClusterCommands.Id(body.GetProperty("agent").GetProperty("agent_info"))}: {ClusterCommands.StateOf(body.GetProperty("agent"))}",
            "AGENT_ADDED" => $"{ClusterCommands.Id(body.GetProperty("agent").GetProperty("agent_info"))} ({body.GetProperty("agent").GetProperty("agent_info").GetProperty("hostname").GetString()})",
            "AGENT_REMOVED" => ClusterCommands.Id(body, "agent_id"),
            "FRAMEWORK_ADDED" or "FRAMEWORK_UPDATED" => $"{ClusterCommands.Id(body.GetProperty("framework").GetProperty("framework_info"))} ({body.GetProperty("framework").GetProperty("framework_info").GetProperty("name").GetString()})",
            "FRAMEWORK_REMOVED" => ClusterCommands.Id(body.GetProperty("framework_info")),
            _ => string.Empty,
        };
        return $"{DateTimeOffset.UtcNow:HH:mm:ss} {type,-18} {detail}".TrimEnd();
    }

    /// <summary><c>task: STATE REASON (message)</c>, each part there when the update carries it.</summary>
    private static string TaskUpdate(JsonElement body)
    {
        var status = body.GetProperty("status");
        var text = $"{ClusterCommands.Id(status, "task_id")}: {body.GetProperty("state").GetString()}";
        if (status.TryGetProperty("reason", out var reason) && reason.GetString() is { Length: > 0 } why)
        {
            text += " " + why;
        }

        if (status.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } said)
        {
            text += $" ({said})";
        }

        return text;
    }
}
