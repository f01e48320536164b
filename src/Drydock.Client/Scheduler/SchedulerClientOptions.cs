namespace Drydock.Client.Scheduler;

/// <summary>Timeouts and limits of a <see cref="SchedulerClient"/>; the defaults suit a master on the same network.</summary>
public sealed record SchedulerClientOptions
{
    /// <summary>How long a call (ACCEPT, KILL, …) may take to be answered.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long SUBSCRIBE may take until SUBSCRIBED (or ERROR) has arrived.</summary>
    public TimeSpan SubscribeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The watchdog: a subscription with no event (heartbeats included) for this many heartbeat intervals is lost
    /// (<see cref="SubscriptionLostException"/>). Mesos's own scheduler library allows 5.
    /// </summary>
    public int MissedHeartbeats { get; init; } = 5;

    /// <summary>How many 307 redirects (to the leading master) one request follows.</summary>
    public int MaxRedirects { get; init; } = 3;

    /// <summary>The clock of the watchdog, the timeouts and a session's backoff.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The problems of these options, all of them; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CallTimeout <= TimeSpan.Zero)
        {
            errors.Add("CallTimeout must be positive");
        }

        if (SubscribeTimeout <= TimeSpan.Zero)
        {
            errors.Add("SubscribeTimeout must be positive");
        }

        if (MissedHeartbeats < 1)
        {
            errors.Add("MissedHeartbeats must be at least 1");
        }

        if (MaxRedirects < 0)
        {
            errors.Add("MaxRedirects must not be negative");
        }

        return errors;
    }
}
