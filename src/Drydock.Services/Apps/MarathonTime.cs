using System.Globalization;

namespace Drydock.Services.Apps;

/// <summary>
/// Marathon's timestamps: UTC, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, always three fractional digits. The Python client
/// accepts nothing but a trailing <c>Z</c>, so no other offset is ever written or read.
/// </summary>
internal static class MarathonTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly string[] ReadPatterns =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.F'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Drops what Marathon cannot show (below a millisecond), so a stored time equals its written form.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>Reads <c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c>; any other form (an offset, no <c>Z</c>, a date only) is refused.</summary>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        if (text is not null && DateTimeOffset.TryParseExact(text, ReadPatterns, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        time = default;
        return false;
    }
}
