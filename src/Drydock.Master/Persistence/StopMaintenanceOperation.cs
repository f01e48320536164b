using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Persistence;

/// <summary>
/// Brings DOWN machines UP (<c>/machine/up</c>): their records are deleted and they leave their windows; a window
/// left with no machines is deleted.
/// </summary>
internal sealed record StopMaintenanceOperation(IReadOnlyList<MachineId> MachineIds) : RegistryOperation
{
    public override string Name => "StopMaintenance";

    public override DurableState Apply(DurableState state)
    {
        var up = MachineIds.ToHashSet();
        var windows = state.Schedule.Windows
            .Select(w => w with { MachineIds = w.MachineIds.Where(m => !up.Contains(m)).ToArray() })
            .Where(w => w.MachineIds.Count > 0)
            .ToArray();

        return state with
        {
            Schedule = new MaintenanceSchedule(windows),
            Machines = state.Machines.RemoveRange(MachineIds),
        };
    }
}
