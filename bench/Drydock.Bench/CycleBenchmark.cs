using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drydock.Master.Frameworks;
using Drydock.Master.Registry;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Bench;

/// <summary>
/// The master's whole allocation cycle (snapshot, allocator, offers, inverse offers), not the allocator alone: a master
/// in this process with 10,000 agents registered concurrently through its registry, 1,000 frameworks wanting offers and
/// 100,000 running tasks. It times a cold cycle (every agent offered), steady cycles (nothing changed), a cycle after
/// 100 offers were declined, and a full sweep with every agent already offered. The agents' channels are stand-ins.
/// </summary>
internal static class CycleBenchmark
{
    private const int Agents = 10_000;
    private const int Frameworks = 1_000;
    private const int Tasks = 100_000;
    private const int InFlight = 256;
    private const int Runs = 5;

    public static async Task<string> RunAsync()
    {
        await using var master = await InProcessMaster.StartAsync(allocationInterval: TimeSpan.FromHours(1));
        var services = master.Services;
        var registry = services.GetRequiredService<AgentRegistry>();
        var offers = services.GetRequiredService<OfferBook>();
        var registered = await master.RegisterAgentsAsync(Agents, ResourceParser.Parse("cpus:64;mem:262144;disk:1000000;ports:[31000-32000]").Value!, InFlight);
        var ids = registry.Agents.Keys.Order(StringComparer.Ordinal).ToArray();

        var frameworks = services.GetRequiredService<FrameworkRegistry>();
        var tasks = services.GetRequiredService<TaskBook>();
        var frameworkIds = Enumerable.Range(0, Frameworks)
            .Select(f => frameworks.Subscribe(new FrameworkInfo { User = "root", Name = $"sim-framework-{f}", Checkpoint = true, Roles = [$"role-{f % 10}"] }).Id)
            .ToArray();
        var taskResources = ResourceParser.Parse("cpus:0.1;mem:32").Value!;
        for (var t = 0; t < Tasks; t++)
        {
            var frameworkId = frameworkIds[t % Frameworks];
            var task = new TaskInfoMessage { TaskId = $"task-{t:000000}", Name = $"task-{t}", AgentId = ids[t % ids.Length], Resources = taskResources };
            tasks.Launched(frameworkId, task, 1);
            tasks.Update(frameworkId, new TaskStatusMessage(task.TaskId, "TASK_RUNNING", "SOURCE_EXECUTOR", task.AgentId, 2, "u", null, null));
        }

        offers.MarkAllDirty();
        var first = await TimeCycleAsync(offers);
        var outstanding = await offers.SnapshotAsync(CancellationToken.None);

        // Cold again, with the code compiled: every offer declined (no filter), every agent looked at.
        var colds = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            foreach (var offer in await offers.SnapshotAsync(CancellationToken.None))
            {
                await offers.DeclineAsync(offer.FrameworkId, [offer.Id], 0, CancellationToken.None);
            }

            offers.MarkAllDirty();
            colds.Add((await TimeCycleAsync(offers)).TotalMilliseconds);
        }

        var steady = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            steady.Add((await TimeCycleAsync(offers)).TotalMilliseconds);
        }

        var declined = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var current = await offers.SnapshotAsync(CancellationToken.None);
            foreach (var offer in current.Take(100))
            {
                await offers.DeclineAsync(offer.FrameworkId, [offer.Id], 0, CancellationToken.None);
            }

            declined.Add((await TimeCycleAsync(offers)).TotalMilliseconds);
        }

        var sweeps = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            offers.MarkAllDirty();
            sweeps.Add((await TimeCycleAsync(offers)).TotalMilliseconds);
        }

        var after = await offers.SnapshotAsync(CancellationToken.None);
        var heap = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);

        var text = new StringBuilder();
        text.AppendLine("# The allocation cycle at scale");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine("Command: `dotnet build -c Release Drydock.slnx && dotnet run -c Release --project bench/Drydock.Bench -- cycle bench/results/cycle.md`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"A master in the benchmark's process: {Agents:N0} agents (64 cpus, 256 GiB each) registered through its registry, at most {InFlight} at once (admissions committed to SQLite with `synchronous=FULL`; the channels are stand-ins), {Frameworks:N0} frameworks in 10 roles, all wanting offers, and {Tasks:N0} running tasks. Each figure is the master's whole `OfferBook.RunCycleAsync`: rescinds, filters, the snapshot, the allocator, the offers sent and the inverse offers; medians of {Runs} runs.");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| register {Agents:N0} agents, {InFlight} at a time | {registered.TotalSeconds:0.0} s ({Agents / registered.TotalSeconds:0} agents/s) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| first cycle: every agent looked at and offered, code not yet compiled | {first.TotalMilliseconds:0} ms, {outstanding.Count:N0} offers |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| cold cycle: every agent looked at and offered again | median {Median(colds):0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| steady cycle: nothing changed | median {Median(steady):0.0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| cycle after 100 offers were declined (100 agents offered again) | median {Median(declined):0.0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| full sweep (every 30th cycle, or after a framework subscribes), every agent already offered | median {Median(sweeps):0.0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| offers outstanding at the end | {after.Count:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| managed heap after a full collection | {heap:0} MiB |");
        return text.ToString();
    }

    private static async Task<TimeSpan> TimeCycleAsync(OfferBook offers)
    {
        var watch = Stopwatch.StartNew();
        await offers.RunCycleAsync(CancellationToken.None);
        return watch.Elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
