using System.Globalization;
using System.Text;
using Drydock.Bench.Simulation;

namespace Drydock.Bench;

/// <summary>
/// Registration at scale over the real agent channel: a release-built master and N simulated agents (10,000 by
/// default) in this process, each its own WebSocket and machine, at most 128 registrations in flight. Reports the rate,
/// the latency of each registration, the master's memory and CPU, that <c>GET /state</c> lists every agent, and what
/// the master costs while the agents sit connected and answer its pings.
/// </summary>
internal static class SimRegisterBenchmark
{
    public const int DefaultAgents = 10_000;

    private const int InFlight = 128;
    private const int Slice = 1_000;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    public static async Task<string> RunAsync(int agents, IReadOnlyList<string> masterFlags)
    {
        await using var cluster = await Cluster.StartAsync(new ClusterOptions { RegistrationsInFlight = InFlight, MasterFlags = masterFlags });
        var load = ProcessStats.LoadAverage();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var rssBefore = cluster.Master.RssMiB();
        var cpuBefore = cluster.Master.CpuSeconds();
        var selfBefore = ProcessStats.RssKiB(Environment.ProcessId) / 1024.0;
        var selfCpuBefore = ProcessStats.CpuSeconds(Environment.ProcessId);

        var run = await cluster.AddAgentsAsync(agents, CancellationToken.None);
        var cpuRegistered = cluster.Master.CpuSeconds();
        var rssRegistered = cluster.Master.RssMiB();
        var selfRegistered = ProcessStats.RssKiB(Environment.ProcessId) / 1024.0;
        var selfCpu = ProcessStats.CpuSeconds(Environment.ProcessId) - selfCpuBefore;
        var (listed, stateTook, stateBytes) = await cluster.CountAgentsInStateAsync(CancellationToken.None);

        // Connected and idle: the master pings every agent each --agent-ping-timeout (15 s) and takes their pongs.
        var pingsBefore = cluster.Agents.Sum(a => a.Pings);
        var cpuIdleStart = cluster.Master.CpuSeconds();
        await Task.Delay(Idle);
        var cpuIdle = cluster.Master.CpuSeconds() - cpuIdleStart;
        var pings = cluster.Agents.Sum(a => a.Pings) - pingsBefore;
        var rounds = Math.Max(1.0, (double)pings / agents);
        var rssIdle = cluster.Master.RssMiB();
        var (listedAfterIdle, _, _) = await cluster.CountAgentsInStateAsync(CancellationToken.None);
        var ended = cluster.Agents.Count(a => a.Ended is not null);

        var total = run.ConnectToRegistered();
        var exchange = run.RegisterToRegistered();
        var text = new StringBuilder();
        text.AppendLine("# Registration at scale (simulated agents)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}; shared with other builds, load average {load} at the start of the run.");
        var count = agents == DefaultAgents ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" --agents {agents}");
        var flags = masterFlags.Count == 0 ? string.Empty : $" --master-flags \"{string.Join(' ', masterFlags)}\"";
        text.AppendLine($"Command: `dotnet build -c Release Drydock.slnx && dotnet run -c Release --project bench/Drydock.Bench -- sim-register bench/results/sim-register.md{count}{flags}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"A release-built `drydock master` process with {(masterFlags.Count == 0 ? "default flags" : $"`{string.Join(' ', masterFlags)}`")} (SQLite registry, `synchronous=FULL`, log level info) and {agents:N0} simulated agents in the benchmark's process, each its own WebSocket on `/agent/v1/channel` and its own machine (`sim-NNNNN`, 127.1.x.y), speaking the real protocol: Register, AgentRegistered, Ping/Pong. At most {InFlight} registrations in flight. Latency runs from the start of the WebSocket connect (or from sending Register) to AgentRegistered; the rate is agents over the time from the first connect to the last AgentRegistered.");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| {agents:N0} agents registered | {run.Elapsed.TotalSeconds:0.0} s, {run.AgentsPerSecond:0} agents/s |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| connect to AgentRegistered | p50 {Percentile.Of(total, 0.5):0} ms, p99 {Percentile.Of(total, 0.99):0} ms, max {total[^1]:0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Register to AgentRegistered | p50 {Percentile.Of(exchange, 0.5):0} ms, p99 {Percentile.Of(exchange, 0.99):0} ms, max {exchange[^1]:0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| agents/s in each slice of {Slice:N0} registrations | {string.Join(", ", run.RatePerSlice(Slice).Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| longest time without an AgentRegistered | {run.LongestPause().TotalMilliseconds:0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| agents listed by `GET /state` afterwards | {listed:N0} of {agents:N0} ({stateTook.TotalMilliseconds:0} ms, {stateBytes / (1024.0 * 1024.0):0.0} MiB) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| master RSS before / after registration | {rssBefore:0} MiB / {rssRegistered:0} MiB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| master CPU during registration (user + system) | {cpuRegistered - cpuBefore:0.0} s ({(cpuRegistered - cpuBefore) / run.Elapsed.TotalSeconds * 100:0} % of one core) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| simulator RSS before / after registration, its CPU during it | {selfBefore:0} MiB / {selfRegistered:0} MiB, {selfCpu:0.0} s |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| then {Idle.TotalSeconds:0} s connected and idle: master CPU | {cpuIdle:0.0} s ({cpuIdle / Idle.TotalSeconds * 100:0} % of one core); {pings:N0} pings answered{(pings == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {cpuIdle / rounds:0.0} s per round of {agents:N0} pings"))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| after the idle time: master RSS, agents in `GET /state`, channels ended | {rssIdle:0} MiB, {listedAfterIdle:N0}, {ended:N0} |");
        MasterLog.AppendTo(text, cluster.Master);
        return text.ToString();
    }
}
