using System.CommandLine;

namespace Drydock.Cli.Commands.Maintenance;

/// <summary><c>drydock maintenance …</c>: the schedule and the cluster's maintenance status.</summary>
internal static class MaintenanceCommand
{
    public static Command Create()
    {
        var schedule = new Command("schedule", "Show or change the maintenance schedule");
        schedule.Subcommands.Add(MaintenanceScheduleGetCommand.Create());
        schedule.Subcommands.Add(MaintenanceScheduleSetCommand.Create());
        schedule.Subcommands.Add(MaintenanceScheduleAddCommand.Create());
        schedule.Subcommands.Add(MaintenanceScheduleRemoveCommand.Create());

        var maintenance = new Command("maintenance", "Maintenance windows and machine modes");
        maintenance.Subcommands.Add(schedule);
        maintenance.Subcommands.Add(MaintenanceStatusCommand.Create());
        return maintenance;
    }
}
