using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drydock.Master.Maintenance;
using Drydock.Master.Persistence;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;

namespace Drydock.Bench;

/// <summary>
/// Where a 10,000-machine schedule POST spends its time, stage by stage, in process: parsing the body, validating it,
/// applying the operation to the in-memory state, and committing it to SQLite.
/// </summary>
internal static class ScheduleUpdateBreakdown
{
    private const int Rounds = 40;

    public static async Task<string> RunAsync()
    {
        var dir = Directory.CreateTempSubdirectory("drydock-breakdown-");
        try
        {
            var bodies = new[] { MesosJson.SerializeToUtf8(MaintenanceBenchmark.Schedule(1_800_000_000)), MesosJson.SerializeToUtf8(MaintenanceBenchmark.Schedule(1_800_003_600)) };
            await using var store = new SqliteMasterStore(Path.Combine(dir.FullName, "registry.db"));
            var state = await store.RecoverAsync(CancellationToken.None);
            var parse = new List<double>();
            var validate = new List<double>();
            var apply = new List<double>();
            var commit = new List<double>();
            for (var i = 0; i < Rounds + 5; i++)
            {
                var watch = Stopwatch.StartNew();
                var schedule = MaintenanceJson.ParseSchedule(bodies[i % 2]).Value!;
                var t1 = watch.Elapsed.TotalMilliseconds;
                var error = MaintenanceValidator.ValidateSchedule(schedule, state);
                var t2 = watch.Elapsed.TotalMilliseconds;
                var operation = new UpdateScheduleOperation(schedule);
                _ = operation.Apply(state);
                var t3 = watch.Elapsed.TotalMilliseconds;
                state = await store.ApplyAsync(operation, CancellationToken.None);
                var t4 = watch.Elapsed.TotalMilliseconds;
                if (error is not null)
                {
                    throw new InvalidOperationException(error);
                }

                if (i >= 5)
                {
                    parse.Add(t1);
                    validate.Add(t2 - t1);
                    apply.Add(t3 - t2);
                    commit.Add(t4 - t3 - (t3 - t2));
                }
            }

            var text = new StringBuilder();
            text.AppendLine();
            text.AppendLine("## Where a schedule POST spends its time");
            text.AppendLine();
            text.AppendLine("Command: `dotnet run -c Release --project bench/Drydock.Bench -- maintenance-breakdown`; in process, 10,000 machines in 100 windows, each round a real change.");
            text.AppendLine();
            text.AppendLine("| stage | median ms |");
            text.AppendLine("|---|---|");
            text.AppendLine(CultureInfo.InvariantCulture, $"| parse the 533 KiB body | {Median(parse):0.0} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| validate | {Median(validate):0.0} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| apply the operation in memory | {Median(apply):0.0} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| write 10,000 rows and the schedule, commit with fsync | {Median(commit):0.0} |");
            return text.ToString();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
