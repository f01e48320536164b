using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drydock.Agent.Checkpoint;
using Drydock.Agent.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drydock.Bench;

/// <summary>
/// The agent's task supervisor on its own (no master, no network): how fast it starts short tasks and sees them end,
/// what one supervisor costs in memory, and how long a restarted agent takes to re-adopt running tasks.
/// </summary>
internal static class SupervisorBenchmark
{
    private const int ShortTasks = 1_000;
    private const int LongTasks = 200;

    public static async Task<string> RunAsync()
    {
        var dir = Directory.CreateTempSubdirectory("drydock-supervisor-bench-");
        try
        {
            var paths = new AgentPaths(dir.FullName);

            // 1. Short tasks: launch all, then wait until every end has been observed.
            await using var first = new TaskSupervisor(paths, "bench-S0", TimeProvider.System, NullLogger<TaskSupervisor>.Instance);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < ShortTasks; i++)
            {
                first.Launch(Launch("short-" + i, "true"));
            }

            var launched = watch.Elapsed;
            for (var seen = 0; seen < ShortTasks; seen++)
            {
                await first.Exits.ReadAsync();
            }

            var allEnded = watch.Elapsed;

            // 2. Long tasks: memory of the supervisors, then a restart that re-adopts them.
            await using var second = new TaskSupervisor(paths, "bench-S1", TimeProvider.System, NullLogger<TaskSupervisor>.Instance);
            var runs = Enumerable.Range(0, LongTasks).Select(i => second.Launch(Launch("long-" + i, "sleep 600"))).ToArray();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (runs.Any(r => !File.Exists(r.TaskPid)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var rss = runs.Select(r => ProcessStats.RssKiB(int.Parse(File.ReadAllText(r.SupervisorPid), CultureInfo.InvariantCulture))).Where(k => k > 0).ToArray();
            await second.DisposeAsync();
            second.Dispose();

            await using var restarted = new TaskSupervisor(paths, "bench-S1", TimeProvider.System, NullLogger<TaskSupervisor>.Instance);
            watch.Restart();
            var recovered = restarted.Recover();
            var recovery = watch.Elapsed;

            foreach (var (framework, task) in restarted.Running)
            {
                await restarted.KillAsync(framework, task, TimeSpan.Zero, CancellationToken.None);
            }

            var text = new StringBuilder();
            text.AppendLine("# Task supervisor figures");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
            text.AppendLine("Command: `dotnet run -c Release --project bench/Drydock.Bench -- supervisor bench/results/supervisor.md`");
            text.AppendLine();
            text.AppendLine("The agent's supervisor in process, real `setsid sh` supervisors and real tasks; no master and no network.");
            text.AppendLine();
            text.AppendLine("| figure | value |");
            text.AppendLine("|---|---|");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {ShortTasks} `true` tasks: all launched | {launched.TotalSeconds:0.00} s ({ShortTasks / launched.TotalSeconds:0} launches/s) |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {ShortTasks} `true` tasks: every end observed | {allEnded.TotalSeconds:0.00} s ({ShortTasks / allEnded.TotalSeconds:0} tasks/s) |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| supervisor RSS, median of {rss.Length} | {Median(rss):0} KiB |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| supervisor RSS, max | {rss.Max():0} KiB |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| restart with {LongTasks} running tasks: all re-adopted | {recovery.TotalMilliseconds:0} ms ({recovered.Count} tasks) |");
            return text.ToString();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static TaskLaunch Launch(string id, string command) => new() { FrameworkId = "bench", TaskId = id, Name = id, Command = command };

    private static double Median(long[] values) => values.Length == 0 ? 0 : values.Order().ElementAt(values.Length / 2);
}
