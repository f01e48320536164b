namespace Drydock.Services.Placement;

/// <summary>
/// How maintenance ranks one offer: its tier, the start of the window that counts (null when none, or unknown), and a
/// short note saying why (null for <see cref="MaintenanceTier.Clear"/>).
/// </summary>
internal sealed record MaintenanceStanding(MaintenanceTier Tier, DateTimeOffset? WindowStart, string? Note)
{
    public static MaintenanceStanding Clear { get; } = new(MaintenanceTier.Clear, null, null);

    /// <summary>
    /// A key that sorts better offers first: the tier, then the later window. An unknown start counts as now, the
    /// earliest a window that has not begun can be.
    /// </summary>
    public (int Tier, long LateFirst) RankKey(DateTimeOffset now) =>
        ((int)Tier, Tier == MaintenanceTier.Clear ? 0 : -(WindowStart ?? now).UtcTicks);
}
