namespace Drydock.Services.Deployments;

/// <summary>What one task status does to its app's launch delay (marathon.md §8.4).</summary>
internal enum BackoffEffect
{
    /// <summary>Nothing (TASK_KILLED, unreachable, unknown, killing, maintenance).</summary>
    None,

    /// <summary>A failure: a first delay, or the current one times the factor.</summary>
    AddDelay,

    /// <summary>A launch that got going: the reference time moves to now, the delay is kept.</summary>
    MoveReference,

    /// <summary>A drain: the delay is dropped.</summary>
    Reset,
}
