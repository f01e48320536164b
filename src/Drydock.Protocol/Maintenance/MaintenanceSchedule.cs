using System.Text.Json.Serialization;

namespace Drydock.Protocol.Maintenance;

/// <summary>The cluster's one maintenance schedule (Mesos <c>maintenance.Schedule</c>).</summary>
public sealed record MaintenanceSchedule(IReadOnlyList<MaintenanceWindow> Windows)
{
    /// <summary>The schedule with no windows; it serialises as <c>{}</c>.</summary>
    public static MaintenanceSchedule Empty { get; } = new([]);

    /// <summary>Every machine of every window, in order.</summary>
    [JsonIgnore]
    public IEnumerable<MachineId> Machines => Windows.SelectMany(w => w.MachineIds);
}
