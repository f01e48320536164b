using Drydock.Master.Persistence;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Maintenance;

/// <summary>
/// The maintenance validation rules, in Mesos's order and words. Each returns the first failure, or null.
/// Nothing here changes state.
/// </summary>
internal static class MaintenanceValidator
{
    public static string? ValidateSchedule(MaintenanceSchedule schedule, DurableState state)
    {
        var seen = new HashSet<MachineId>();
        foreach (var window in schedule.Windows)
        {
            if (window.MachineIds.Count == 0)
            {
                return "List of machines in the maintenance window is empty";
            }

            if (window.Unavailability.Duration is { Nanoseconds: < 0 })
            {
                return "Unavailability 'duration' is negative";
            }

            // Drydock's own check (Mesos has none): the window's end must be a time, as its start is. An end beyond
            // int64 nanoseconds would wrap around wherever start + duration is computed.
            if (window.Unavailability.Duration is { } duration && (decimal)window.Unavailability.Start.Nanoseconds + duration.Nanoseconds > long.MaxValue)
            {
                return "Unavailability 'start' + 'duration' is beyond the largest time in nanoseconds";
            }

            foreach (var machine in window.MachineIds)
            {
                if (ValidateMachine(machine) is { } invalid)
                {
                    return invalid;
                }

                if (!seen.Add(machine))
                {
                    return $"Machine '{machine.ToJson()}' appears more than once in the schedule";
                }
            }
        }

        foreach (var (id, info) in state.Machines)
        {
            if (info.Mode == MachineMode.DOWN && !seen.Contains(id))
            {
                return $"Machine '{id.ToJson()}' is deactivated and cannot be removed from the schedule";
            }
        }

        return null;
    }

    /// <summary>The list checks shared by <c>/machine/down</c> and <c>/machine/up</c>.</summary>
    public static string? ValidateMachineList(IReadOnlyList<MachineId> machines)
    {
        if (machines.Count == 0)
        {
            return "List of machines is empty";
        }

        var seen = new HashSet<MachineId>();
        foreach (var machine in machines)
        {
            if (ValidateMachine(machine) is { } invalid)
            {
                return invalid;
            }

            if (!seen.Add(machine))
            {
                return $"Machine '{machine.ToJson()}' appears more than once in the schedule";
            }
        }

        return null;
    }

    public static string? ValidateDown(IReadOnlyList<MachineId> machines, DurableState state) =>
        ValidateMachineList(machines) ?? ValidateModes(machines, state, MachineMode.DRAINING, "is not in DRAINING mode and cannot be brought down");

    public static string? ValidateUp(IReadOnlyList<MachineId> machines, DurableState state) =>
        ValidateMachineList(machines) ?? ValidateModes(machines, state, MachineMode.DOWN, "is not in DOWN mode and cannot be brought up");

    public static string? ValidateMachine(MachineId machine)
    {
        if (string.IsNullOrEmpty(machine.Hostname) && string.IsNullOrEmpty(machine.Ip))
        {
            return "Both 'hostname' and 'ip' for a machine are empty";
        }

        return !string.IsNullOrEmpty(machine.Ip) && !Ipv4.IsValid(machine.Ip)
            ? $"Failed to parse IPv4: {machine.Ip}"
            : null;
    }

    private static string? ValidateModes(IReadOnlyList<MachineId> machines, DurableState state, MachineMode required, string wrongMode)
    {
        foreach (var machine in machines)
        {
            if (!state.Machines.TryGetValue(machine, out var info))
            {
                return $"Machine '{machine.ToJson()}' is not part of a maintenance schedule";
            }

            if (info.Mode != required)
            {
                return $"Machine '{machine.ToJson()}' {wrongMode}";
            }
        }

        return null;
    }
}
