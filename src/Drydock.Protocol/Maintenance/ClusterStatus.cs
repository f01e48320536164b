namespace Drydock.Protocol.Maintenance;

/// <summary>The maintenance status of the cluster (Mesos <c>maintenance.ClusterStatus</c>); UP machines are never listed.</summary>
public sealed record ClusterStatus(IReadOnlyList<DrainingMachine> DrainingMachines, IReadOnlyList<MachineId> DownMachines)
{
    /// <summary>No machine under maintenance; it serialises as <c>{}</c>.</summary>
    public static ClusterStatus Empty { get; } = new([], []);
}
