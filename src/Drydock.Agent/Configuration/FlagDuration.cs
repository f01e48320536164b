using System.Globalization;

namespace Drydock.Agent.Configuration;

/// <summary>
/// A duration flag of the agent: a number and a unit, Mesos's (<c>1secs</c>, <c>100ms</c>, <c>2mins</c>) or the short
/// ones <c>drydock master</c> takes (<c>1s</c>, <c>2m</c>). The agent does not reference the master, whose flag parser
/// this mirrors for the few duration flags the agent has.
/// </summary>
internal static class FlagDuration
{
    // Longest first, so "mins" is not read as a number of "ns" and "ms" not as "s".
    private static readonly (string Unit, double Seconds)[] Units =
    [
        ("weeks", 7 * 86400), ("days", 86400), ("mins", 60), ("secs", 1), ("hrs", 3600), ("ms", 1e-3), ("us", 1e-6),
        ("ns", 1e-9), ("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1),
    ];

    /// <summary>The duration, or null for anything else (negative and non-finite numbers, and more than a day, included).</summary>
    public static TimeSpan? Parse(string text)
    {
        var trimmed = text.Trim();
        foreach (var (unit, seconds) in Units)
        {
            if (trimmed.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(trimmed.AsSpan(0, trimmed.Length - unit.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value) && value * seconds <= 86400)
            {
                return TimeSpan.FromSeconds(value * seconds);
            }
        }

        return null;
    }
}
