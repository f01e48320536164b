using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drydock.Master.Allocation;
using Drydock.Protocol.Resources;

namespace Drydock.Bench;

/// <summary>
/// One allocation cycle of the pure allocator (no I/O) over 10,000 agents and 1,000 frameworks: a cold cycle where
/// every agent is free, and a steady cycle where 9,900 agents already have an outstanding offer and 100 came free.
/// Some agents carry reservations for the frameworks' roles, some frameworks filter agents, some are suppressed.
/// </summary>
internal static class AllocatorBenchmark
{
    private const int Agents = 10_000;
    private const int Frameworks = 1_000;
    private const int Runs = 15;

    public static string Run()
    {
        var random = new Random(42);
        string[] roles = ["*", "web", "batch", "analytics"];
        var total = ResourceParser.Parse("cpus:32;mem:131072;disk:1000000;ports:[31000-32000]").Value!;
        var reserved = ResourceParser.Parse("cpus(web):8;mem(web):32768;cpus:24;mem:98304;disk:1000000;ports:[31000-32000]").Value!;
        var used = ResourceParser.Parse("cpus:4;mem:8192").Value!;
        var agents = Enumerable.Range(0, Agents).Select(i => new AgentSlot(
            $"agent-{i:00000}",
            i % 10 == 0 ? reserved : total,
            random.Next(3) == 0 ? used : [],
            true)).ToArray();
        var frameworks = Enumerable.Range(0, Frameworks).Select(i => new FrameworkDemand(
            $"framework-{i:0000}",
            ["*", roles[i % roles.Length]],
            i % 50 == 0,
            Enumerable.Range(0, random.Next(0, 20)).Select(_ => agents[random.Next(Agents)].AgentId).ToHashSet(StringComparer.Ordinal))).ToArray();
        var held = frameworks.Select(f => new RoleHolding(f.FrameworkId, f.Roles[^1], ResourceParser.Parse($"cpus:{random.Next(0, 64)};mem:{random.Next(0, 64) * 1024}").Value!)).ToArray();
        var weights = new Dictionary<string, double>(StringComparer.Ordinal) { ["web"] = 2, ["batch"] = 0.5 };
        var steady = agents.Select(a => a.AgentId).Where((_, i) => i % 100 != 0).ToHashSet(StringComparer.Ordinal);

        // Warm up the JIT on a small cycle first.
        Allocator.Allocate(new AllocationInput(agents[..100], frameworks[..10]) { Held = held, Weights = weights });
        var cold = Time(() => Allocator.Allocate(new AllocationInput(agents, frameworks) { Held = held, Weights = weights }), out var coldGrants);
        var warm = Time(() => Allocator.Allocate(new AllocationInput(agents, frameworks) { Held = held, AgentsWithOffers = steady, Weights = weights }), out var warmGrants);

        var text = new StringBuilder();
        text.AppendLine("# Allocator figures");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine("Command: `dotnet run -c Release --project bench/Drydock.Bench -- allocator bench/results/allocator.md`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The allocator alone (`Allocator.Allocate`, pure, one thread) over {Agents:N0} agents and {Frameworks:N0} frameworks: every tenth agent has reservations for a role, a third have tasks, each framework filters up to 20 agents, one in 50 is suppressed; four roles, two of them weighted. {Runs} runs each; median and max.");
        text.AppendLine();
        text.AppendLine("| cycle | grants | median ms | max ms |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| cold: every agent free | {coldGrants:N0} | {cold.Median:0.0} | {cold.Max:0.0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| steady: 100 agents free, 9,900 with an offer out | {warmGrants:N0} | {warm.Median:0.0} | {warm.Max:0.0} |");
        return text.ToString();
    }

    private static (double Median, double Max) Time(Func<IReadOnlyList<OfferGrant>> cycle, out int grants)
    {
        var times = new List<double>();
        grants = 0;
        for (var run = 0; run < Runs; run++)
        {
            var watch = Stopwatch.StartNew();
            grants = cycle().Count;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[^1]);
    }
}
