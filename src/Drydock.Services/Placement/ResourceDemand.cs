using Drydock.Services.Apps;

namespace Drydock.Services.Placement;

/// <summary>
/// What one instance of an app takes from an offer: cpus, mem, disk and gpus in thousandths (Mesos keeps scalars as
/// fixed point, so sums and differences stay exact), one host port per port definition, and the reservation roles it
/// may take them from: the app's <c>acceptedResourceRoles</c>, or else <c>*</c> and the app's role. Roles reserved for
/// a role come before <c>*</c>, so an instance uses its role's reservations before the shared pool.
/// </summary>
internal sealed record ResourceDemand(
    string Role,
    IReadOnlyList<string> AcceptedRoles,
    long CpuMillis,
    long MemMillis,
    long DiskMillis,
    long GpuMillis,
    IReadOnlyList<int> Ports,
    bool RequirePorts)
{
    public static ResourceDemand Of(AppDefinition app)
    {
        var accepted = (app.AcceptedResourceRoles is { Count: > 0 } roles ? roles : ["*", app.Role])
            .Distinct(StringComparer.Ordinal)
            .OrderBy(role => role == "*" ? 1 : 0)
            .ToArray();
        return new ResourceDemand(
            app.Role,
            accepted,
            Millis(app.Cpus),
            Millis(app.Mem),
            Millis(app.Disk),
            Millis(app.Gpus),
            app.PortDefinitions.Select(p => p.Port).ToArray(),
            app.RequirePorts);
    }

    /// <summary>A scalar in thousandths; a value no offer could hold (not finite, beyond any agent) asks for more than any has.</summary>
    public static long Millis(double value) =>
        !double.IsFinite(value) || value > Protocol.Resources.Value.MaxScalar ? long.MaxValue
        : value <= 0 ? 0
        : (long)Math.Round(value * 1000, MidpointRounding.AwayFromZero);
}
