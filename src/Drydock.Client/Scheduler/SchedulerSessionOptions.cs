namespace Drydock.Client.Scheduler;

/// <summary>How a <see cref="SchedulerSession"/> waits between SUBSCRIBEs after a lost stream.</summary>
public sealed record SchedulerSessionOptions
{
    /// <summary>The wait before the first retry; it doubles with each failure in a row, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two SUBSCRIBEs.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The jitter's source: each wait is drawn between half and all of the doubled backoff, so frameworks that lost the
    /// same master do not come back in step. Null: <see cref="Random.Shared"/>.
    /// </summary>
    public Random? Random { get; init; }
}
