using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Maintenance;

/// <summary>
/// The maintenance room's entry point: schedule, machine modes and the cluster status. Every change is validated
/// against the current state and written by the registrar before the call returns; a refusal changes nothing.
/// </summary>
internal sealed class MaintenanceService(Registrar registrar, AgentRegistry agents, InverseOfferAnswers answers)
{
    private volatile StatusCache? _status;

    public MaintenanceSchedule Schedule => registrar.Current.Schedule;

    /// <summary>The cluster status, computed once per published state and shared by readers.</summary>
    public ClusterStatus Status
    {
        get
        {
            var state = registrar.Current;
            var answered = answers.Snapshot;
            var cached = _status;
            if (cached is not null && ReferenceEquals(cached.State, state) && ReferenceEquals(cached.Answers, answered))
            {
                return cached.Status;
            }

            var status = ComputeStatus(state, answered);
            _status = new StatusCache(state, answered, status);
            return status;
        }
    }

    /// <summary>
    /// Replaces the schedule. Machines whose unavailability changed (or that left the schedule) lose their frameworks'
    /// inverse-offer answers, as Mesos resets them.
    /// </summary>
    public async Task<string?> UpdateScheduleAsync(MaintenanceSchedule schedule, CancellationToken cancellationToken)
    {
        DurableState? before = null;
        var error = await registrar.TryApplyAsync(
            state =>
            {
                before = state;
                return MaintenanceValidator.ValidateSchedule(schedule, state) is { } invalid
                    ? Decision.Refuse(invalid)
                    : Decision.Apply(new UpdateScheduleOperation(schedule));
            },
            cancellationToken);
        if (error is null && before is not null)
        {
            var after = registrar.Current;
            answers.Forget(before.Machines.Values
                .Where(m => !after.Machines.TryGetValue(m.Id, out var now) || now.Unavailability != m.Unavailability)
                .Select(m => m.Id));
        }

        return error;
    }

    /// <summary>
    /// Takes machines DOWN: the modes are written first, then every registered agent on them is shut down and
    /// removed, as Mesos does; the reply does not wait for the agents.
    /// </summary>
    public async Task<string?> StartMaintenanceAsync(IReadOnlyList<MachineId> machines, CancellationToken cancellationToken)
    {
        var error = await registrar.TryApplyAsync(
            state => MaintenanceValidator.ValidateDown(machines, state) is { } invalid
                ? Decision.Refuse(invalid)
                : Decision.Apply(new StartMaintenanceOperation(machines)),
            cancellationToken);
        if (error is null)
        {
            answers.Forget(machines);
            await agents.RemoveOnMachinesAsync(machines.ToArray(), "Operator initiated 'Machine DOWN'", cancellationToken);
        }

        return error;
    }

    public async Task<string?> StopMaintenanceAsync(IReadOnlyList<MachineId> machines, CancellationToken cancellationToken)
    {
        var error = await registrar.TryApplyAsync(
            state => MaintenanceValidator.ValidateUp(machines, state) is { } invalid
                ? Decision.Refuse(invalid)
                : Decision.Apply(new StopMaintenanceOperation(machines)),
            cancellationToken);
        if (error is null)
        {
            answers.Forget(machines);
        }

        return error;
    }

    private static ClusterStatus ComputeStatus(
        DurableState state,
        System.Collections.Immutable.ImmutableDictionary<MachineId, System.Collections.Immutable.ImmutableSortedDictionary<string, InverseOfferStatus>> answered)
    {
        // Mesos lists machines in hash order; Drydock sorts them so that the output is stable.
        var machines = state.Machines.Values
            .OrderBy(m => m.Id.Hostname, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.Id.Ip, StringComparer.Ordinal)
            .ToArray();
        return new ClusterStatus(
            machines.Where(m => m.Mode == MachineMode.DRAINING).Select(m => new DrainingMachine(m.Id, InverseOfferAnswers.Of(answered, m.Id))).ToArray(),
            machines.Where(m => m.Mode == MachineMode.DOWN).Select(m => m.Id).ToArray());
    }

    private sealed record StatusCache(
        DurableState State,
        System.Collections.Immutable.ImmutableDictionary<MachineId, System.Collections.Immutable.ImmutableSortedDictionary<string, InverseOfferStatus>> Answers,
        ClusterStatus Status);
}
