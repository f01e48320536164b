using Drydock.Protocol.Maintenance;
using Spectre.Console;

namespace Drydock.Cli.Output;

/// <summary>Tables of the schedule and the cluster status for people.</summary>
internal static class MaintenanceViews
{
    public static void WriteSchedule(IAnsiConsole console, MaintenanceSchedule schedule, ClusterStatus status, DateTimeOffset now)
    {
        if (schedule.Windows.Count == 0)
        {
            console.WriteLine("No maintenance scheduled.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("WINDOW").AddColumn("HOSTNAME").AddColumn("IP").AddColumn("MODE").AddColumn("START").AddColumn("DURATION").AddColumn("END");
        for (var w = 0; w < schedule.Windows.Count; w++)
        {
            var window = schedule.Windows[w];
            var start = window.Unavailability.Start.ToDateTimeOffset();
            var duration = window.Unavailability.Duration?.ToTimeSpan();
            foreach (var machine in window.MachineIds)
            {
                table.AddRow(
                    (w + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(machine.Hostname ?? "-"),
                    Markup.Escape(machine.Ip ?? "-"),
                    ModeOf(machine, status),
                    TimeText.FormatInstant(start, now),
                    duration is { } d ? TimeText.FormatDuration(d) : "forever",
                    duration is { } e ? TimeText.FormatInstant(start + e, now) : "-");
            }
        }

        console.Write(table);
    }

    public static void WriteStatus(IAnsiConsole console, ClusterStatus status)
    {
        if (status.DrainingMachines.Count == 0 && status.DownMachines.Count == 0)
        {
            console.WriteLine("No machine is under maintenance.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("HOSTNAME").AddColumn("IP").AddColumn("MODE").AddColumn("INVERSE OFFER ANSWERS");
        foreach (var machine in status.DrainingMachines)
        {
            var answers = machine.Statuses.Count == 0
                ? "none yet"
                : string.Join(", ", machine.Statuses.Select(s => $"{s.FrameworkId.Value}: {s.Status}"));
            table.AddRow(Markup.Escape(machine.Id.Hostname ?? "-"), Markup.Escape(machine.Id.Ip ?? "-"), "DRAINING", Markup.Escape(answers));
        }

        foreach (var machine in status.DownMachines)
        {
            table.AddRow(Markup.Escape(machine.Hostname ?? "-"), Markup.Escape(machine.Ip ?? "-"), "DOWN", "-");
        }

        console.Write(table);
        console.WriteLine($"{status.DrainingMachines.Count} draining, {status.DownMachines.Count} down");
    }

    private static string ModeOf(MachineId machine, ClusterStatus status) =>
        status.DownMachines.Contains(machine) ? "DOWN"
        : status.DrainingMachines.Any(d => d.Id == machine) ? "DRAINING"
        : "UP";
}
