using System.Collections.Immutable;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Persistence;

/// <summary>
/// Replaces the schedule. A newly scheduled machine becomes DRAINING; a machine already DRAINING or DOWN keeps its
/// mode and takes its new window's unavailability; a machine no longer scheduled is deleted, so it is UP again.
/// </summary>
internal sealed record UpdateScheduleOperation(MaintenanceSchedule Schedule) : RegistryOperation
{
    public override string Name => "UpdateSchedule";

    public override DurableState Apply(DurableState state)
    {
        var machines = ImmutableDictionary.CreateBuilder<MachineId, MachineInfo>();
        foreach (var window in Schedule.Windows)
        {
            foreach (var machine in window.MachineIds)
            {
                var mode = state.Machines.TryGetValue(machine, out var existing) ? existing.Mode : MachineMode.DRAINING;
                machines[machine] = new MachineInfo(machine, mode, window.Unavailability);
            }
        }

        return state with { Schedule = Schedule, Machines = machines.ToImmutable() };
    }
}
