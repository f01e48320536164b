namespace Drydock.Protocol.Maintenance;

/// <summary>A length of time in nanoseconds (Mesos <c>DurationInfo</c>).</summary>
public sealed record DurationInfo(long Nanoseconds)
{
    /// <summary>The length as a <see cref="TimeSpan"/>, truncated to whole 100 ns ticks.</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Nanoseconds / 100);

    /// <summary>The duration of a <see cref="TimeSpan"/>.</summary>
    public static DurationInfo From(TimeSpan span) => new(span.Ticks * 100);
}
