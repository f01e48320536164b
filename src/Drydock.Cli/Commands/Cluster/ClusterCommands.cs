using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Drydock.Cli.Output;
using Spectre.Console;

namespace Drydock.Cli.Commands.Cluster;

/// <summary>
/// The cluster commands, all served by the v1 operator API: <c>drydock node list|show|drain|deactivate|reactivate|
/// decommission</c>, <c>drydock task list</c> and <c>drydock framework list</c> (<c>drydock events</c> is
/// <see cref="EventsCommand"/>). The read
/// commands take <c>--json</c> for the master's JSON as it is.
/// </summary>
internal static class ClusterCommands
{
    public static Command Node()
    {
        var list = ListCommand("List the agents the master knows, with their resources", "GET_AGENTS", body =>
        {
            var agents = Array(body, "agents");
            var recovered = Array(body, "recovered_agents");
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("ID").AddColumn("HOSTNAME").AddColumn("ADDRESS").AddColumn("STATE").AddColumn("CPUS (USED/TOTAL)").AddColumn("MEM MB (USED/TOTAL)");
            foreach (var agent in agents)
            {
                var info = agent.GetProperty("agent_info");
                table.AddRow(
                    Markup.Escape(Id(info)),
                    Markup.Escape(info.GetProperty("hostname").GetString() ?? "-"),
                    Markup.Escape(Address(agent)),
                    StateOf(agent),
                    Usage(agent, "cpus"),
                    Usage(agent, "mem"));
            }

            var console = Terminal.Create();
            console.Write(table);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{agents.Length} agent(s){(recovered.Length > 0 ? $", {recovered.Length} known from before a master restart and not back yet" : string.Empty)}"));
        });

        var id = AgentArgument();
        var showJson = GlobalOptions.Json();
        var show = new Command("show", "Show one agent: resources, attributes, tasks") { id, showJson };
        show.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            using var agents = JsonDocument.Parse(await client.CallJsonAsync("GET_AGENTS", ct));
            var registered = agents.RootElement.GetProperty("get_agents");
            var agentId = AgentSelector.Resolve(registered, parse.GetValue(id)!, passUnlistedIds: false);
            var agent = Array(registered, "agents").FirstOrDefault(a => Id(a.GetProperty("agent_info")) == agentId);
            if (agent.ValueKind != JsonValueKind.Object)
            {
                throw new RefusedException($"the master knows no registered agent {agentId}: it is known from before a master restart and not back yet");
            }

            if (parse.GetValue(showJson))
            {
                Console.WriteLine(agent.GetRawText());
                return 0;
            }

            using var tasks = JsonDocument.Parse(await client.CallJsonAsync("GET_TASKS", ct));
            var own = Array(tasks.RootElement.GetProperty("get_tasks"), "tasks").Where(t => t.GetProperty("agent_id").GetProperty("value").GetString() == agentId).ToArray();
            var info = agent.GetProperty("agent_info");
            var console = Terminal.Create();
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("ID", Markup.Escape(agentId));
            grid.AddRow("Hostname", Markup.Escape(info.GetProperty("hostname").GetString() ?? "-"));
            grid.AddRow("Address", Markup.Escape(Address(agent)));
            grid.AddRow("State", StateOf(agent));
            if (agent.TryGetProperty("drain_info", out var drain))
            {
                var config = drain.GetProperty("config");
                var cap = config.TryGetProperty("max_grace_period", out var max) ? TimeText.FormatDuration(TimeSpan.FromTicks(max.GetProperty("nanoseconds").GetInt64() / 100)) : "each task's own";
                grid.AddRow("Drain", Markup.Escape($"{drain.GetProperty("state").GetString()} since {Time(agent, "estimated_drain_start_time")}, max grace {cap}{(config.GetProperty("mark_gone").GetBoolean() ? ", then gone" : string.Empty)}"));
            }

            grid.AddRow("Version", Markup.Escape(agent.GetProperty("version").GetString() ?? "-"));
            grid.AddRow("Registered", Markup.Escape(Time(agent, "registered_time")));
            grid.AddRow("Resources", Markup.Escape(Resources(agent, "total_resources")));
            grid.AddRow("Allocated", Markup.Escape(Resources(agent, "allocated_resources")));
            grid.AddRow("Attributes", Markup.Escape(Attributes(info)));
            grid.AddRow("Tasks", own.Length.ToString(CultureInfo.InvariantCulture));
            console.Write(grid);
            if (own.Length > 0)
            {
                console.Write(TaskTable(own));
            }

            return 0;
        }));

        return new Command("node", "Agents (nodes) of the cluster") { list, show, DrainCommand(), Change("deactivate"), Change("reactivate"), Change("decommission") };
    }

    /// <summary><c>drydock node drain ID [--max-grace-period D] [--mark-gone]</c>: DRAIN_AGENT.</summary>
    private static Command DrainCommand()
    {
        var id = AgentArgument();
        var grace = new Option<string?>("--max-grace-period") { Description = "At most this much grace per task kill (e.g. 30s, 2m); default: each task's own" };
        var markGone = new Option<bool>("--mark-gone") { Description = "Mark the agent gone once drained: it is shut down and never comes back under this id" };
        var drain = new Command("drain", "Kill every task on an agent and keep it out of offers until it is reactivated") { id, grace, markGone };
        drain.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            TimeSpan? max = null;
            if (parse.GetValue(grace) is { } text)
            {
                try
                {
                    max = TimeText.ParseDuration(text);
                }
                catch (FormatException e)
                {
                    await Console.Error.WriteLineAsync("error: --max-grace-period: " + e.Message);
                    return CliRunner.Usage;
                }
            }

            var agentId = await ResolveAsync(client, parse.GetValue(id)!, ct);
            await client.DrainAgentAsync(agentId, max, parse.GetValue(markGone), ct);
            Console.WriteLine($"Draining agent {agentId}; `drydock node show {agentId}` follows it to DRAINED");
            return 0;
        }));
        return drain;
    }

    /// <summary><c>drydock node deactivate|reactivate|decommission ID</c>.</summary>
    private static Command Change(string verb)
    {
        var id = AgentArgument();
        var description = verb switch
        {
            "deactivate" => "Stop offering an agent's resources; its tasks keep running",
            "reactivate" => "Offer an agent's resources again (ends a finished drain)",
            _ => "Mark an agent gone: it is shut down, its tasks are gone, and it never comes back under this id",
        };
        var command = new Command(verb, description) { id };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            var agentId = await ResolveAsync(client, parse.GetValue(id)!, ct);
            await (verb == "decommission"
                ? client.MarkAgentGoneAsync(agentId, ct)
                : client.SetAgentDeactivatedAsync(agentId, verb == "deactivate", ct));
            Console.WriteLine($"Agent {agentId}: {verb} done");
            return 0;
        }));
        return command;
    }

    private static Argument<string> AgentArgument() =>
        new("agent") { Description = "The agent: its id, a unique prefix of it, or its hostname (as `drydock node list` shows them)" };

    /// <summary>The id of the agent an argument names; a whole id the master does not list is passed on as it is.</summary>
    private static async Task<string> ResolveAsync(Drydock.Client.MasterClient client, string text, CancellationToken ct)
    {
        using var agents = JsonDocument.Parse(await client.CallJsonAsync("GET_AGENTS", ct));
        return AgentSelector.Resolve(agents.RootElement.GetProperty("get_agents"), text, passUnlistedIds: true);
    }

    /// <summary>What an agent is doing, for people: active, inactive (disconnected), deactivated, draining, drained.</summary>
    internal static string StateOf(JsonElement agent) =>
        agent.TryGetProperty("drain_info", out var drain) ? (drain.GetProperty("state").GetString() ?? "?").ToLowerInvariant()
        : agent.TryGetProperty("deactivated", out var deactivated) && deactivated.GetBoolean() ? "deactivated"
        : agent.GetProperty("active").GetBoolean() ? "active" : "disconnected";

    public static Command Task() => new("task", "Tasks of the cluster")
    {
        ListCommand("List the tasks the master knows", "GET_TASKS", body =>
        {
            var all = Array(body, "tasks").Concat(Array(body, "unreachable_tasks")).Concat(Array(body, "completed_tasks")).ToArray();
            var console = Terminal.Create();
            console.Write(TaskTable(all));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Array(body, "tasks").Length} active, {Array(body, "unreachable_tasks").Length} unreachable, {Array(body, "completed_tasks").Length} completed"));
        }),
        Tasks.TaskLogCommand.Create(),
    };

    public static Command Framework() => new("framework", "Frameworks of the cluster")
    {
        ListCommand("List the frameworks, connected or not, and those that completed", "GET_FRAMEWORKS", body =>
        {
            var table = new Table().Border(TableBorder.Simple).AddColumn("ID").AddColumn("NAME").AddColumn("USER").AddColumn("STATE").AddColumn("ROLES");
            foreach (var (framework, completed) in Array(body, "frameworks").Select(f => (f, false)).Concat(Array(body, "completed_frameworks").Select(f => (f, true))))
            {
                var info = framework.GetProperty("framework_info");
                var state = completed ? "completed" : framework.GetProperty("connected").GetBoolean() ? "connected" : "disconnected";
                table.AddRow(
                    Markup.Escape(Id(info)),
                    Markup.Escape(info.GetProperty("name").GetString() ?? "-"),
                    Markup.Escape(info.GetProperty("user").GetString() ?? "-"),
                    state,
                    Markup.Escape(string.Join(",", Array(info, "roles").Select(r => r.GetString()))));
            }

            Terminal.Create().Write(table);
        }),
        TeardownCommand(),
    };

    /// <summary><c>drydock framework teardown ID</c>: the operator's TEARDOWN.</summary>
    private static Command TeardownCommand()
    {
        var id = new Argument<string>("id") { Description = "The framework's id (as `drydock framework list` shows it)" };
        var teardown = new Command("teardown", "Remove a framework: kill its tasks and end its subscription") { id };
        teardown.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            var frameworkId = parse.GetValue(id)!;
            await client.TeardownFrameworkAsync(frameworkId, ct);
            Console.WriteLine($"Framework {frameworkId} torn down; its tasks are being killed");
            return 0;
        }));
        return teardown;
    }

    /// <summary>
    /// A list command over one operator call: <c>--json</c> prints the master's reply as it is, otherwise
    /// <paramref name="render"/> gets the call's payload (<c>get_agents</c>, <c>get_tasks</c>, …).
    /// </summary>
    private static Command ListCommand(string description, string call, Action<JsonElement> render)
    {
        var json = GlobalOptions.Json();
        var list = new Command("list", description) { json };
        list.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            var reply = await client.CallJsonAsync(call, ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(reply);
                return 0;
            }

            using var document = JsonDocument.Parse(reply);
            render(document.RootElement.GetProperty(call.ToLowerInvariant()));
            return 0;
        }));
        return list;
    }

    private static Table TaskTable(IEnumerable<JsonElement> tasks)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("ID").AddColumn("NAME").AddColumn("STATE").AddColumn("FRAMEWORK").AddColumn("AGENT");
        foreach (var task in tasks)
        {
            table.AddRow(
                Markup.Escape(Id(task, "task_id")),
                Markup.Escape(task.GetProperty("name").GetString() ?? "-"),
                Markup.Escape(task.GetProperty("state").GetString() ?? "-"),
                Markup.Escape(Id(task, "framework_id")),
                Markup.Escape(Id(task, "agent_id")));
        }

        return table;
    }

    /// <summary>A repeated field, empty when protobuf JSON left it out.</summary>
    internal static JsonElement[] Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToArray() : [];

    internal static string Id(JsonElement parent, string name = "id") =>
        parent.TryGetProperty(name, out var id) && id.TryGetProperty("value", out var value) ? value.GetString() ?? "-" : "-";

    private static string Address(JsonElement agent) =>
        agent.TryGetProperty("pid", out var pid) && pid.GetString() is { } text && text.IndexOf('@', StringComparison.Ordinal) is var at and >= 0 ? text[(at + 1)..] : "-";

    private static double Scalar(JsonElement agent, string field, string name) =>
        Array(agent, field).Where(r => r.GetProperty("name").GetString() == name && r.TryGetProperty("scalar", out _))
            .Sum(r => r.GetProperty("scalar").GetProperty("value").GetDouble());

    private static string Usage(JsonElement agent, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{Scalar(agent, "allocated_resources", name):0.##}/{Scalar(agent, "total_resources", name):0.##}");

    private static string Resources(JsonElement agent, string field) =>
        string.Join("; ", Array(agent, field).Select(r => r.GetProperty("name").GetString() + ":" + (
            r.TryGetProperty("scalar", out var scalar) ? scalar.GetProperty("value").GetDouble().ToString("0.##", CultureInfo.InvariantCulture)
            : r.TryGetProperty("ranges", out var ranges) ? "[" + string.Join(",", Array(ranges, "range").Select(x => $"{x.GetProperty("begin").GetInt64()}-{x.GetProperty("end").GetInt64()}")) + "]"
            : r.TryGetProperty("set", out var set) ? "{" + string.Join(",", Array(set, "item").Select(x => x.GetString())) + "}"
            : "?")));

    private static string Attributes(JsonElement info) =>
        Array(info, "attributes") is { Length: > 0 } attributes
            ? string.Join("; ", attributes.Select(a => a.GetProperty("name").GetString() + ":" + (
                a.TryGetProperty("text", out var text) ? text.GetProperty("value").GetString()
                : a.TryGetProperty("scalar", out var scalar) ? scalar.GetProperty("value").GetDouble().ToString(CultureInfo.InvariantCulture)
                : "…")))
            : "none";

    private static string Time(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var time) && time.TryGetProperty("nanoseconds", out var ns)
            ? DateTimeOffset.UnixEpoch.AddTicks(ns.GetInt64() / 100).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "-";
}
