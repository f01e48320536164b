using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Placement;

namespace Drydock.Bench;

/// <summary>
/// One placement round of <c>drydock services</c> (<see cref="Placer.Place"/>, pure, one thread): N instances of one
/// app over the offers held, plain, with constraints, and with a maintenance view that excludes, avoids and ranks
/// some of the agents.
/// </summary>
internal static class PlacementBenchmark
{
    private const int Runs = 21;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Run()
    {
        var text = new StringBuilder();
        text.AppendLine("# Placement figures");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine("Command: `dotnet run -c Release --project bench/Drydock.Bench -- placement bench/results/placement.md`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"One round of `Placer.Place` (pure, one thread): every offer `cpus:16;mem:65536;disk:100000;ports:[31000-32000]` with a `rack` attribute (10 racks); the app asks for 0.1 cpus, 64 MB and 2 random host ports per instance; `--max_instances_per_offer` is instances ÷ offers. {Runs} runs each after 50 warm-up rounds; median and max of wall time, median of the process's CPU time (less sensitive to a busy machine; the timer's tick is coarse), and allocation per round.");
        text.AppendLine();
        text.AppendLine("| instances × offers | app | placed | median ms | max ms | median CPU ms | MB allocated per round |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (instances, offers) in new[] { (1_000, 100), (10_000, 1_000) })
        {
            var held = Offers(offers, windows: false);
            var windowed = Offers(offers, windows: true);
            Row(text, instances, offers, "no constraints", App([]), held, MaintenanceView.Empty);
            Row(text, instances, offers, "GROUP_BY rack 10, LIKE rack", App([new Constraint("rack", ConstraintOperator.GroupBy, "10"), new Constraint("rack", ConstraintOperator.Like, "r[0-9]+")]), held, MaintenanceView.Empty);
            Row(text, instances, offers, "MAX_PER hostname 10, UNLIKE rack", App([new Constraint("hostname", ConstraintOperator.MaxPer, "10"), new Constraint("rack", ConstraintOperator.Unlike, "r9")]), held, MaintenanceView.Empty);
            Row(text, instances, offers, "no constraints, maintenance view", App([]), windowed, View(windowed));
        }

        text.AppendLine();
        text.AppendLine("The maintenance view: a tenth of the agents inside a window (excluded), a tenth with a window ahead (ranked by");
        text.AppendLine("start), a tenth named as due by a rolling maintenance (avoided), a twentieth with an outstanding inverse offer.");
        text.AppendLine("Fewer instances are placed there because the excluded agents take none and the per-offer cap holds;");
        text.AppendLine("UNLIKE r9 likewise leaves a tenth of the agents out.");
        return text.ToString();
    }

    private static void Row(StringBuilder text, int instances, int offers, string name, AppDefinition app, OfferMessage[] held, MaintenanceView view)
    {
        var request = new PlacementRequest(app, instances, held) { Maintenance = view, MaxPerOffer = instances / offers };
        for (var warm = 0; warm < 50; warm++)
        {
            Placer.Place(request, Now, new Random(warm));
        }

        var times = new List<double>();
        var cpu = new List<double>();
        var placed = 0;
        var process = Process.GetCurrentProcess();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var run = 0; run < Runs; run++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            placed = Placer.Place(request, Now, new Random(run)).Placements.Count;
            times.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        var perRound = (GC.GetAllocatedBytesForCurrentThread() - allocated) / Runs / 1024.0 / 1024.0;
        times.Sort();
        cpu.Sort();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {instances:N0} × {offers:N0} | {name} | {placed:N0} | {times[times.Count / 2]:0.00} | {times[^1]:0.00} | {cpu[cpu.Count / 2]:0} | {perRound:0.0} |");
    }

    private static AppDefinition App(IReadOnlyList<Constraint> constraints) => new()
    {
        Id = PathId.Parse("/bench"),
        Cpus = 0.1,
        Mem = 64,
        Constraints = constraints,
        PortDefinitions = [new PortDefinition(0, "tcp", "http"), new PortDefinition(0, "tcp", "admin")],
    };

    private static OfferMessage[] Offers(int count, bool windows)
    {
        var resources = ResourceParser.Parse("cpus:16;mem:65536;disk:100000;ports:[31000-32000]").Value!;
        return Enumerable.Range(0, count).Select(i => new OfferMessage(
            $"offer-{i}",
            "framework-1",
            $"agent-{i:00000}",
            $"sim-{i:00000}",
            $"127.1.{i / 256}.{i % 256}",
            5051,
            resources,
            [new Protocol.Resources.Attribute("rack", Value.OfText($"r{i % 10}"))],
            "*",
            !windows ? null : i % 10 == 0 ? Window(TimeSpan.FromMinutes(-5)) : i % 10 == 1 ? Window(TimeSpan.FromHours(i)) : null)).ToArray();
    }

    private static Protocol.Maintenance.Unavailability Window(TimeSpan fromNow) =>
        new(Protocol.Maintenance.TimeInfo.From(Now + fromNow), Protocol.Maintenance.DurationInfo.From(TimeSpan.FromHours(1)));

    private static MaintenanceView View(OfferMessage[] offers) => new()
    {
        Due = offers.Where((_, i) => i % 10 == 2).Select(o => new DueMachine(new MachineRef(Hostname: o.Hostname), null, "rolling maintenance")).ToArray(),
        InverseOffers = offers.Where((_, i) => i % 20 == 3).Select(o => new InverseOfferMessage($"inverse-{o.AgentId}", o.FrameworkId, o.AgentId, o.Hostname, o.AgentIp, 5051, Window(TimeSpan.FromHours(2)))).ToArray(),
    };
}
