using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Commands.Maintenance;

/// <summary>Edits of a schedule the CLI makes before posting it back whole.</summary>
internal static class ScheduleEdits
{
    /// <summary>The schedule without the given machines; windows left empty are dropped.</summary>
    public static MaintenanceSchedule Without(MaintenanceSchedule schedule, IReadOnlyList<MachineId> machines)
    {
        var drop = machines.ToHashSet();
        return new MaintenanceSchedule(schedule.Windows
            .Select(w => w with { MachineIds = w.MachineIds.Where(m => !drop.Contains(m)).ToArray() })
            .Where(w => w.MachineIds.Count > 0)
            .ToArray());
    }
}
