namespace Drydock.Services.Deployments;

/// <summary>How an app's instances leave agents due for maintenance.</summary>
internal enum MigrationMode
{
    /// <summary>None of the app's instances with goal Running is on an agent due for maintenance.</summary>
    Idle,

    /// <summary>A replacement starts elsewhere first; the old instance is killed once the replacement is healthy and ready.</summary>
    MakeBeforeBreak,

    /// <summary>No room for a replacement first: one instance is killed at a time, within the health floor.</summary>
    KillFirst,

    /// <summary>No room for a replacement and no instance to spare above the health floor: nothing moves.</summary>
    Stalled,
}
