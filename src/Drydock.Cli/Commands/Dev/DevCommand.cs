using System.CommandLine;
using System.Globalization;
using Drydock.Agent.Hosting;
using Drydock.Master.Hosting;
using Drydock.Platform;
using Drydock.Services.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Cli.Commands.Dev;

/// <summary>
/// <c>drydock dev</c>: a whole local cluster in one process: a master on 127.0.0.1, the service scheduler beside it (port 8080)
/// and N agents on 127.0.0.2, 127.0.0.3, …
/// (hostnames agent-1, agent-2, …), each a distinct machine serving its API on its own address (port 5051 by default),
/// with state under one folder. Ctrl-C stops it cleanly and kills the cluster's tasks, so a laptop is left with nothing
/// running (<c>--keep-tasks</c> leaves them to be re-adopted);
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
        var keepTasks = new Option<bool>("--keep-tasks") { Description = "On Ctrl-C leave the tasks running; the next `drydock dev` re-adopts them" };
        var agentPort = new Option<int>("--agent-port") { Description = "The port of each agent's API, on the agent's own address", DefaultValueFactory = _ => 5051 };
        var servicesPort = new Option<int>("--services-port") { Description = "The port of the service scheduler's /v2 API (Marathon's)", DefaultValueFactory = _ => 8080 };
        var command = new Command("dev", "Run a local cluster: a master, N agents and the service scheduler in one process, on loopback") { agents, port, workDir, resources, keepTasks, agentPort, servicesPort };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(agents);
            if (count is < 1 or > 50)
            {
                await Console.Error.WriteLineAsync("error: --agents must be between 1 and 50");
                return CliRunner.Usage;
            }

            var root = Path.GetFullPath(parse.GetValue(workDir)!);
            WorkDirLock cluster;
            try
            {
                // The whole folder is one cluster's: a second `drydock dev` on it stops here, before it touches anything.
                cluster = WorkDirLock.Acquire(root);
            }
            catch (Exception e) when (e is WorkDirInUseException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return CliRunner.Refused;
            }

            using var held = cluster;
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
            catch (Exception e) when (e is WorkDirInUseException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return CliRunner.Refused;
            }

            await using (master)
            {
                Console.WriteLine($"Starting the master (state in {root}) ...");
                await master.StartAsync(ct);
                Console.WriteLine($"Drydock dev cluster: master {master.Url}, {count} agent(s) on 127.0.0.2-127.0.0.{count + 1}, state in {root}");
                ServicesHost services;
                try
                {
                    services = ServicesHost.Create(
                        new ServicesSettings { Master = new Uri(master.Url).Authority, Ip = "127.0.0.1", Port = parse.GetValue(servicesPort), WorkDir = Path.Combine(root, "services") },
                        logging => logging.AddSimpleConsole(o =>
                        {
                            o.SingleLine = true;
                            o.TimestampFormat = "HH:mm:ss ";
                        }));
                }
                catch (ArgumentException e)
                {
                    await Console.Error.WriteLineAsync("error: " + e.Message);
                    await master.StopAsync();
                    return CliRunner.Usage;
                }

                await using var servicesHost = services;
                await services.StartAsync(ct);
                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, master.Stopping);
                var masterAddress = new Uri(master.Url);
                var keep = parse.GetValue(keepTasks);
                var joined = new JoinProgress(count);
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
                    id => joined.Registered(i, id),
                    !keep,
                    stopping.Token)).ToArray();

                var shutdown = master.WaitForShutdownAsync(ct);
                if (await Task.WhenAny(joined.AllRegistered, shutdown) == joined.AllRegistered)
                {
                    PrintReady(master.Url, services.Url, count, parse.GetValue(agentPort));
                }

                try
                {
                    await shutdown;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }

                // The master's host stopped on SIGINT or SIGTERM; stop the agents with it.
                Console.WriteLine(keep
                    ? "Stopping the agents; their tasks keep running and the next `drydock dev` on this folder re-adopts them ..."
                    : "Stopping the agents and killing their tasks (--keep-tasks keeps them) ...");
                await services.StopAsync();
                await stopping.CancelAsync();
                await Task.WhenAll(runs);
                await master.StopAsync();
                Console.WriteLine(keep ? "Stopped." : "Stopped; no task is left running.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Runs an agent and starts it again when it stops (as systemd's <c>Restart=always</c> would): an agent shut down by
    /// <c>/machine/down</c> keeps asking to join, is refused while its machine is DOWN, and is back after <c>/machine/up</c>.
    /// </summary>
    private static async Task KeepRunningAsync(Dictionary<string, string> flags, ILoggerFactory loggers, Action<string> registered, bool killTasks, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await AgentProgram.RunInProcessAsync(flags, loggers, stop, registered, killTasks);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Ctrl-C while the agent was still starting: its start-up is cancelled, which is a normal stop.
                return;
            }

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

    private static void PrintReady(string url, string servicesUrl, int agents, int agentPort)
    {
        var drydock = CliInvocation.Current();
        Console.WriteLine();
        Console.WriteLine($"Ready: master {url}, {agents} agent(s) registered, service scheduler (Marathon /v2 API) {servicesUrl}, also at {url}/service/marathon/.");
        Console.WriteLine("Try:");
        Console.WriteLine($"  curl -s {url}/slaves");
        Console.WriteLine($"  {drydock} --master {url} node list");
        Console.WriteLine($"  {drydock} --master {url} maintenance schedule add --machine agent-1=127.0.0.2 --start +60s --duration 1h");
        Console.WriteLine($"  {drydock} --master {url} maintenance status");
        Console.WriteLine($"  {drydock} --master {url} machine down --machine agent-1=127.0.0.2");
        Console.WriteLine($"  {drydock} --master {url} machine up --machine agent-1=127.0.0.2");
        Console.WriteLine($"  curl -s http://127.0.0.2:{agentPort}/state");
        Console.WriteLine($"  {drydock} --master {url} task log TASK --lines 20");
        Console.WriteLine($"  curl -s {servicesUrl}/v2/info");
        Console.WriteLine("Stop with Ctrl-C.");
        Console.WriteLine();
    }
}
