using System.Globalization;

namespace Drydock.Master.Hosting;

/// <summary>Durations as Mesos writes and reads them: a number and one of <c>ns</c>, <c>us</c>, <c>ms</c>, <c>secs</c>, <c>mins</c>, <c>hrs</c>, <c>days</c>, <c>weeks</c>.</summary>
internal static class MesosDuration
{
    private const long NanosPerTick = 100;

    // Longest first, so "mins" is not read as a number of "ns".
    private static readonly (string Unit, long Nanoseconds)[] Units =
    [
        ("weeks", 7 * 24 * 3600 * 1_000_000_000L), ("days", 24 * 3600 * 1_000_000_000L), ("hrs", 3600 * 1_000_000_000L),
        ("mins", 60 * 1_000_000_000L), ("secs", 1_000_000_000L), ("ms", 1_000_000L), ("us", 1_000L), ("ns", 1L),
    ];

    /// <summary>In the largest unit that holds it a whole number of times (<c>15secs</c>, <c>10mins</c>, <c>200ms</c>), as Mesos's flags show durations.</summary>
    public static string Format(TimeSpan duration)
    {
        var nanoseconds = duration.Ticks * NanosPerTick;
        foreach (var (unit, size) in Units)
        {
            if (nanoseconds % size == 0 && Math.Abs(nanoseconds) >= size)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / size}{unit}");
            }
        }

        return "0ns";
    }

    /// <summary>Parses <c>5secs</c>, <c>1.5mins</c>, <c>100ms</c>; null for anything else, negatives and non-finite numbers included.</summary>
    public static TimeSpan? Parse(string text)
    {
        foreach (var (unit, size) in Units)
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value) && value * size < TimeSpan.MaxValue.Ticks * (double)NanosPerTick)
            {
                return TimeSpan.FromTicks((long)(value * size / NanosPerTick));
            }
        }

        return null;
    }
}
