namespace Drydock.Protocol;

/// <summary>Times as Mesos's JSON gives them in seconds: <c>registered_time</c>, <c>start_time</c>, <c>TaskStatus.timestamp</c>.</summary>
public static class UnixTime
{
    /// <summary>Seconds since the epoch, to the millisecond.</summary>
    public static double Seconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Nanoseconds since the Unix epoch (Mesos <c>TimeInfo</c>), to the tick.</summary>
    public static long Nanoseconds(DateTimeOffset instant) => (instant - DateTimeOffset.UnixEpoch).Ticks * 100;
}
