using System.CommandLine;
using System.Globalization;
using Drydock.Agent.Hosting;
using Drydock.Master.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Cli.Commands.Dev;

/// <summary>
/// <c>drydock dev</c>: a whole local cluster in one process: a master on 127.0.0.1 and N agents on 127.0.0.2, 127.0.0.3, …
/// (hostnames agent-1, agent-2, …), each a distinct machine serving its API on its own address (port 5051 by default),
/// with state under one folder. Ctrl-C stops it cleanly;
/// starting it again on the same folder brings back the schedule, the modes and the agents' identities.
/// </summary>
internal static class DevCommand
{
    public const string DefaultAgentResources = "cpus:2;mem:2048;disk:20480;ports:[31000-32000]";

    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "How many agents to run (1-50)", DefaultValueFactory = _ => 3 };
        var port = new Option<int>("--port") { Description = "The master's port", DefaultValueFactory = _ => 5050 };
        var workDir = new Option<string>("--work-dir") { Description = "Where the cluster keeps its state", DefaultValueFactory = _ => "./.drydock" };
        var resources = new Option<string>("--agent-resources") { Description = "Each agent's resources", DefaultValueFactory = _ => DefaultAgentResources };
        var agentPort = new Option<int>("--agent-port") { Description = "The port of each agent's API, on the agent's own address", DefaultValueFactory = _ => 5051 };
        var command = new Command("dev", "Run a local cluster: a master and N agents in one process, on loopback") { agents, port, workDir, resources, agentPort };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(agents);
            if (count is < 1 or > 50)
            {
                await Console.Error.WriteLineAsync("error: --agents must be between 1 and 50");
                return CliRunner.Usage;
            }

            var root = Path.GetFullPath(parse.GetValue(workDir)!);
            using var loggers = LoggerFactory.Create(b => b
                .SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning)
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                }));

            MasterHost master;
            try
            {
                master = MasterHost.Create(
                    new MasterSettings { Ip = "127.0.0.1", Port = parse.GetValue(port), WorkDir = Path.Combine(root, "master") },
                    logging => logging.AddSimpleConsole(o =>
                    {
                        o.SingleLine = true;
                        o.TimestampFormat = "HH:mm:ss ";
                    }));
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return CliRunner.Usage;
            }

            await using (master)
            {
                await master.StartAsync(ct);
                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, master.Stopping);
                var masterAddress = new Uri(master.Url);
                var runs = Enumerable.Range(1, count).Select(i => KeepRunningAsync(
                    new Dictionary<string, string>
                    {
                        ["master"] = $"{masterAddress.Host}:{masterAddress.Port}",
                        ["ip"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.{i + 1}"),
                        ["hostname"] = string.Create(CultureInfo.InvariantCulture, $"agent-{i}"),
                        ["work_dir"] = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"agent-{i}")),
                        ["resources"] = parse.GetValue(resources)!,
                        ["port"] = parse.GetValue(agentPort).ToString(CultureInfo.InvariantCulture),
                    },
                    loggers,
                    stopping.Token)).ToArray();

                PrintWelcome(master.Url, count, root, parse.GetValue(agentPort));
                try
                {
                    await master.WaitForShutdownAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }

                // The master's host stopped on SIGINT or SIGTERM; stop the agents with it.
                await stopping.CancelAsync();
                await Task.WhenAll(runs);
                await master.StopAsync();
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Runs an agent and starts it again when it stops (as systemd's <c>Restart=always</c> would): an agent shut down by
    /// <c>/machine/down</c> keeps asking to join, is refused while its machine is DOWN, and is back after <c>/machine/up</c>.
    /// </summary>
    private static async Task KeepRunningAsync(Dictionary<string, string> flags, ILoggerFactory loggers, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await AgentProgram.RunInProcessAsync(flags, loggers, stop);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void PrintWelcome(string url, int agents, string root, int agentPort)
    {
        Console.WriteLine();
        Console.WriteLine($"Drydock dev cluster: master {url}, {agents} agent(s) on 127.0.0.2-127.0.0.{agents + 1}, state in {root}");
        Console.WriteLine("Try:");
        Console.WriteLine($"  curl -s {url}/slaves | jq '.slaves[] | {{id, hostname, pid}}'");
        Console.WriteLine($"  drydock --master {url} maintenance schedule add --machine agent-1=127.0.0.2 --start +60s --duration 1h");
        Console.WriteLine($"  drydock --master {url} maintenance status");
        Console.WriteLine($"  drydock --master {url} machine down --machine agent-1=127.0.0.2");
        Console.WriteLine($"  drydock --master {url} machine up --machine agent-1=127.0.0.2");
        Console.WriteLine($"  curl -s http://127.0.0.2:{agentPort}/state | jq '{{id, pid, frameworks}}'");
        Console.WriteLine($"  drydock --master {url} task log TASK --lines 20");
        Console.WriteLine("Stop with Ctrl-C.");
        Console.WriteLine();
    }
}
