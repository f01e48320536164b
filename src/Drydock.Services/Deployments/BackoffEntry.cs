namespace Drydock.Services.Deployments;

/// <summary>One app version's launch delay: launches wait until <see cref="Deadline"/>; the entry lapses <see cref="MaxLaunchDelay"/> after its reference.</summary>
internal sealed record BackoffEntry(TimeSpan Delay, DateTimeOffset Reference, TimeSpan MaxLaunchDelay)
{
    public DateTimeOffset Deadline => Reference + Delay;

    /// <summary>Dropped once now is past the reference plus the app's maxLaunchDelaySeconds.</summary>
    public bool HasLapsed(DateTimeOffset now) => now > Reference + MaxLaunchDelay;
}
