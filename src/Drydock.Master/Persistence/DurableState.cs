using System.Collections.Immutable;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Persistence;

/// <summary>
/// Everything the master keeps across restarts, as one immutable value. Operations turn one value into the
/// next; the store writes the difference durably before the new value is published.
/// </summary>
internal sealed record DurableState(
    MaintenanceSchedule Schedule,
    ImmutableDictionary<MachineId, MachineInfo> Machines,
    ImmutableDictionary<string, AdmittedAgent> Agents)
{
    public static DurableState Empty { get; } = new(
        MaintenanceSchedule.Empty,
        ImmutableDictionary<MachineId, MachineInfo>.Empty,
        ImmutableDictionary<string, AdmittedAgent>.Empty);

    /// <summary>Agents marked unreachable (health checks failed, or no re-registration in time), with when.</summary>
    public ImmutableDictionary<string, UnreachableAgent> Unreachable { get; init; } = ImmutableDictionary<string, UnreachableAgent>.Empty;

    /// <summary>
    /// Role weights set through UPDATE_WEIGHTS (the <c>--weights</c> in force at the first update included); null until
    /// the first update, while <c>--weights</c> applies.
    /// </summary>
    public ImmutableSortedDictionary<string, double>? Weights { get; init; }

    public MachineMode ModeOf(MachineId machine) =>
        Machines.TryGetValue(machine, out var info) ? info.Mode : MachineMode.UP;
}
