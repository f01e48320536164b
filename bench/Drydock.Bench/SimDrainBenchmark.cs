using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Drydock.Bench.Simulation;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;

namespace Drydock.Bench;

/// <summary>
/// Draining 1,000 machines at once. A release-built master, 1,000 simulated agents and two simulated frameworks: one
/// runs a task on every agent, the other then holds an offer of every agent's remaining resources. One
/// <c>POST /maintenance/schedule</c> puts all 1,000 machines in one window an hour ahead; the run times the reply, the
/// RESCINDs of the held offers, and the INVERSE_OFFERS events until every agent is covered for each framework.
/// </summary>
internal static class SimDrainBenchmark
{
    public const int DefaultAgents = 1_000;

    private const int AcceptsInFlight = 16;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task<string> RunAsync(int agents)
    {
        var none = CancellationToken.None;
        var load = ProcessStats.LoadAverage();
        await using var cluster = await Cluster.StartAsync(new ClusterOptions { MasterFlags = ["--allocation-interval", "1s"] });
        var registration = await cluster.AddAgentsAsync(agents, none);

        // The runner launches one task on every agent and filters the agent for an hour, so what is left of each agent
        // goes to the holder, which keeps its offers unanswered.
        var runner = await cluster.AddFrameworkAsync("sim-runner", ["*"], none);
        var launch = Stopwatch.StartNew();
        await LaunchOnePerAgentAsync(runner, agents);
        await Poll.UntilAsync(() => runner.TaskStates.Values.Count(s => s == "TASK_RUNNING") == agents, Deadline, "TASK_RUNNING on every agent", none);
        var launched = launch.Elapsed;
        var holder = await cluster.AddFrameworkAsync("sim-holder", ["*"], none);
        await Poll.UntilAsync(() => holder.Offers.Values.Select(o => o.AgentId).Distinct().Count() == agents, Deadline, "an offer of every agent held", none);
        var held = holder.Offers.Keys.ToHashSet(StringComparer.Ordinal);
        await Task.Delay(Settle);

        var rssBefore = cluster.Master.RssMiB();
        var cpuBefore = cluster.Master.CpuSeconds();
        var body = MesosJson.SerializeToUtf8(new MaintenanceSchedule(
        [
            new MaintenanceWindow(
                cluster.Agents.Select(a => new MachineId(a.Machine.Hostname, a.Machine.Ip)).ToArray(),
                new Unavailability(TimeInfo.From(DateTimeOffset.UtcNow.AddHours(1)), DurationInfo.From(TimeSpan.FromHours(1)))),
        ]));
        var posted = Stopwatch.GetTimestamp();
        using (var reply = await cluster.Http.PostAsync("maintenance/schedule", new ByteArrayContent(body), none))
        {
            if (reply.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"POST /maintenance/schedule: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync(none)}");
            }
        }

        var answered = Stopwatch.GetElapsedTime(posted);
        var agentIds = cluster.Agents.Select(a => a.AgentId!).ToHashSet(StringComparer.Ordinal);
        await Poll.UntilAsync(
            () => Covered(runner, posted, agentIds) && Covered(holder, posted, agentIds) && held.All(id => !holder.Offers.ContainsKey(id)),
            Deadline,
            "inverse offers for every agent and the held offers rescinded",
            none);
        await Task.Delay(Settle);
        var cpuDrain = cluster.Master.CpuSeconds() - cpuBefore;
        var rssAfter = cluster.Master.RssMiB();

        var runnerFigures = Figures(runner, posted, agentIds);
        var holderFigures = Figures(holder, posted, agentIds);
        var firstInverse = runner.InverseOffers.Concat(holder.InverseOffers).Where(i => i.At >= posted)
            .GroupBy(i => i.AgentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(i => i.At), StringComparer.Ordinal);
        var everyAgent = agentIds.Max(agent => firstInverse[agent]);
        var rescinds = holder.Rescinds.Where(r => r.At >= posted && held.Contains(r.OfferId)).ToArray();
        var reoffers = holder.Events.Where(e => e.Type == "OFFERS" && e.At >= posted).ToArray();
        var unavailable = holder.Offers.Values.Count(o => o.HasUnavailability);
        var inverseRescinds = runner.InverseRescinds.Concat(holder.InverseRescinds).Count(r => r.At >= posted);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Draining {agents:N0} machines (simulated agents)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}; shared with other builds, load average {load} at the start of the run.");
        var count = agents == DefaultAgents ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" --agents {agents}");
        text.AppendLine($"Command: `dotnet build -c Release Drydock.slnx && dotnet run -c Release --project bench/Drydock.Bench -- sim-drain bench/results/sim-drain.md{count}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"A release-built `drydock master` process (`--allocation-interval 1s`, SQLite registry with `synchronous=FULL`) and, in the benchmark's process, {agents:N0} simulated agents (registered in {registration.Elapsed.TotalSeconds:0.0} s) and two simulated v1 frameworks. `sim-runner` launched one task on every agent ({launched.TotalSeconds:0.0} s from its SUBSCRIBE to the last TASK_RUNNING, every update acknowledged) and filtered the agents for an hour; `sim-holder` then holds an offer of every agent's remaining resources. One `POST /maintenance/schedule` ({body.Length / 1024.0:0} KiB) puts all {agents:N0} machines in one window starting an hour ahead. Times are from sending the POST; an agent is covered once an inverse offer for it arrived.");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| POST /maintenance/schedule answered | {answered.TotalMilliseconds:0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| every agent covered by at least one inverse offer | {Ms(posted, everyAgent):0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| `sim-runner` (tasks on every agent): every agent covered | {runnerFigures.Covered:0} ms; {runnerFigures.Events} INVERSE_OFFERS events, {runnerFigures.InverseOffers:N0} inverse offers |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| `sim-holder` (offers on every agent): every agent covered | {holderFigures.Covered:0} ms; {holderFigures.Events} INVERSE_OFFERS events, {holderFigures.InverseOffers:N0} inverse offers |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| `sim-holder`: its {held.Count:N0} held offers rescinded | {rescinds.Length:N0} RESCIND events, the first at {(rescinds.Length == 0 ? double.NaN : Ms(posted, rescinds.Min(r => r.At))):0} ms, the last at {(rescinds.Length == 0 ? double.NaN : Ms(posted, rescinds.Max(r => r.At))):0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| `sim-holder`: offered again, now with `unavailability` | {reoffers.Sum(e => e.Items):N0} offers in {reoffers.Length} OFFERS events, the last at {(reoffers.Length == 0 ? double.NaN : Ms(posted, reoffers.Max(e => e.At))):0} ms; {unavailable:N0} held at the end carry `unavailability` |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| RESCIND_INVERSE_OFFER events after the POST | {inverseRescinds:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| acknowledgements delivered to the agents; scheduler calls not answered 202 | {cluster.Agents.Sum(a => a.Acknowledgements):N0}; {runner.FailedCalls + holder.FailedCalls} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| master RSS before / after the drain | {rssBefore:0} MiB / {rssAfter:0} MiB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| master CPU from the POST to {Settle.TotalSeconds:0} s after coverage (user + system) | {cpuDrain:0.00} s |");
        MasterLog.AppendTo(text, cluster.Master);
        return text.ToString();
    }

    /// <summary>Accepts the first offer of each agent with one task (1 cpu, 1 GiB) and declines the rest, all for an hour.</summary>
    private static async Task LaunchOnePerAgentAsync(SimulatedFramework runner, int agents)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        using var inFlight = new SemaphoreSlim(AcceptsInFlight);
        var calls = new List<Task>();
        using var deadline = new CancellationTokenSource(Deadline);
        while (used.Count < agents)
        {
            var offer = await runner.Arrivals.ReadAsync(deadline.Token);
            await inFlight.WaitAsync(deadline.Token);
            var call = used.Add(offer.AgentId)
                ? runner.AcceptAsync(offer, [new SimulatedTask("task-" + offer.Hostname, 1, 1024)], 3600, deadline.Token)
                : runner.DeclineAsync([offer.Id], 3600, deadline.Token);
            calls.Add(call.ContinueWith(_ => inFlight.Release(), TaskScheduler.Default));
            calls.Add(call);
        }

        await Task.WhenAll(calls);
    }

    /// <summary>Whether every agent has had an inverse offer for this framework since the POST.</summary>
    private static bool Covered(SimulatedFramework framework, long since, HashSet<string> agentIds) =>
        framework.InverseOffers.Where(i => i.At >= since).Select(i => i.AgentId).Distinct().Count(agentIds.Contains) == agentIds.Count;

    private static (double Covered, int Events, int InverseOffers) Figures(SimulatedFramework framework, long since, HashSet<string> agentIds)
    {
        var inverse = framework.InverseOffers.Where(i => i.At >= since).ToArray();
        var events = framework.Events.Where(e => e.Type == "INVERSE_OFFERS" && e.At >= since).ToArray();
        var first = inverse.GroupBy(i => i.AgentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(i => i.At), StringComparer.Ordinal);
        var covered = agentIds.Max(agent => first[agent]);
        return (Ms(since, covered), events.Length, inverse.Length);
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
