using Drydock.Master.Persistence;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Maintenance;

/// <summary>
/// The maintenance room's entry point: schedule, machine modes and the cluster status. Every change is validated
/// against the current state and written by the registrar before the call returns; a refusal changes nothing.
/// </summary>
internal sealed class MaintenanceService(Registrar registrar)
{
    public MaintenanceSchedule Schedule => registrar.Current.Schedule;

    public ClusterStatus Status
    {
        get
        {
            var machines = registrar.Current.Machines.Values;
            var draining = machines
                .Where(m => m.Mode == MachineMode.DRAINING)
                .OrderBy(m => m.Id.Hostname, StringComparer.OrdinalIgnoreCase)
                .ThenBy(m => m.Id.Ip, StringComparer.Ordinal)
                .Select(m => new DrainingMachine(m.Id, []))
                .ToArray();
            var down = machines
                .Where(m => m.Mode == MachineMode.DOWN)
                .Select(m => m.Id)
                .OrderBy(m => m.Hostname, StringComparer.OrdinalIgnoreCase)
                .ThenBy(m => m.Ip, StringComparer.Ordinal)
                .ToArray();
            return new ClusterStatus(draining, down);
        }
    }

    public MachineMode ModeOf(MachineId machine) => registrar.Current.ModeOf(machine);

    public Task<string?> UpdateScheduleAsync(MaintenanceSchedule schedule, CancellationToken cancellationToken) =>
        registrar.TryApplyAsync(
            state => MaintenanceValidator.ValidateSchedule(schedule, state) is { } error
                ? Decision.Refuse(error)
                : Decision.Apply(new UpdateScheduleOperation(schedule)),
            cancellationToken);

    public Task<string?> StartMaintenanceAsync(IReadOnlyList<MachineId> machines, CancellationToken cancellationToken) =>
        registrar.TryApplyAsync(
            state => MaintenanceValidator.ValidateDown(machines, state) is { } error
                ? Decision.Refuse(error)
                : Decision.Apply(new StartMaintenanceOperation(machines)),
            cancellationToken);

    public Task<string?> StopMaintenanceAsync(IReadOnlyList<MachineId> machines, CancellationToken cancellationToken) =>
        registrar.TryApplyAsync(
            state => MaintenanceValidator.ValidateUp(machines, state) is { } error
                ? Decision.Refuse(error)
                : Decision.Apply(new StopMaintenanceOperation(machines)),
            cancellationToken);
}
