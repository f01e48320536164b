namespace Drydock.Protocol.Maintenance;

/// <summary>A point in time, in nanoseconds since the Unix epoch (Mesos <c>TimeInfo</c>).</summary>
public sealed record TimeInfo(long Nanoseconds)
{
    /// <summary>The instant this time names.</summary>
    public DateTimeOffset ToDateTimeOffset() => DateTimeOffset.UnixEpoch.AddTicks(Nanoseconds / 100);

    /// <summary>The time of an instant, truncated to whole 100 ns ticks.</summary>
    public static TimeInfo From(DateTimeOffset instant) => new(UnixTime.Nanoseconds(instant));
}
