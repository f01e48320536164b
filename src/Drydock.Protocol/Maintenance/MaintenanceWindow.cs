namespace Drydock.Protocol.Maintenance;

/// <summary>A set of machines that share one unavailability (Mesos <c>maintenance.Window</c>).</summary>
public sealed record MaintenanceWindow(IReadOnlyList<MachineId> MachineIds, Unavailability Unavailability);
