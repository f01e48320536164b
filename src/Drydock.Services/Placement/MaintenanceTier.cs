namespace Drydock.Services.Placement;

/// <summary>How maintenance ranks an offer; lower tiers are used first.</summary>
internal enum MaintenanceTier
{
    /// <summary>No window and not due: the best.</summary>
    Clear,

    /// <summary>A window that has not begun (the offer's unavailability); later windows first.</summary>
    WindowAhead,

    /// <summary>
    /// Due to be taken out: an inverse offer is outstanding, or another source names the machine as next. Used only
    /// when no offer of a better tier fits; later starts first, an unknown start last.
    /// </summary>
    Avoided,

    /// <summary>Inside a window now, DOWN, deactivated or draining: never used.</summary>
    Excluded,
}
