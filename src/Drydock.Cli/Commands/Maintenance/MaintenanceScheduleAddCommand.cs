using System.CommandLine;
using Drydock.Cli.Output;
using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Commands.Maintenance;

/// <summary>
/// <c>drydock maintenance schedule add --machine HOST=IP… --start WHEN --duration D</c>: adds a window and keeps
/// the others. A machine already in another window moves to the new one (a machine may be in one window only).
/// </summary>
internal static class MaintenanceScheduleAddCommand
{
    public static Command Create()
    {
        var machines = MachineOptions.Machines(required: true);
        var start = new Option<string>("--start") { Description = "now, +DURATION (e.g. +60s) or ISO-8601", DefaultValueFactory = _ => "now" };
        var duration = new Option<string?>("--duration") { Description = "How long the machines are unavailable (e.g. 1h, 90m); forever when absent" };
        var command = new Command("add", "Add a maintenance window for some machines, keeping the other windows") { machines, start, duration };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            var ids = MachineOptions.Parse(parse.GetValue(machines));
            var now = DateTimeOffset.UtcNow;
            Unavailability unavailability;
            try
            {
                var from = TimeText.ParseStart(parse.GetValue(start)!, now);
                var length = parse.GetValue(duration) is { } d ? TimeText.ParseDuration(d) : (TimeSpan?)null;
                unavailability = new Unavailability(TimeInfo.From(from), length is { } l ? DurationInfo.From(l) : null);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }

            var current = await client.GetScheduleAsync(ct);
            var moved = current.Machines.Where(ids.Contains).ToArray();
            var windows = ScheduleEdits.Without(current, ids).Windows.Append(new MaintenanceWindow(ids, unavailability)).ToArray();
            await client.SetScheduleAsync(new MaintenanceSchedule(windows), ct);
            await ScheduleWarnings.WarnAsync(client, [windows[^1]], now, ct);

            foreach (var machine in moved)
            {
                Console.WriteLine($"Moved {machine.Hostname ?? "-"} ({machine.Ip ?? "-"}) from its previous window.");
            }

            var end = unavailability.Duration is { } dur ? " for " + TimeText.FormatDuration(dur.ToTimeSpan()) : " with no end";
            Console.WriteLine($"Scheduled {ids.Count} machine(s) from {TimeText.FormatInstant(unavailability.Start.ToDateTimeOffset(), now)}{end}.");
            return 0;
        }));
        return command;
    }
}
