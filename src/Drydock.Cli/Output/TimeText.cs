using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.Cli.Output;

/// <summary>Times and durations as operators type and read them: <c>now</c>, <c>+60s</c>, ISO-8601, <c>1h30m</c>.</summary>
internal static partial class TimeText
{
    /// <summary>Parses <c>now</c>, <c>+DURATION</c> (from now) or an ISO-8601 instant (UTC when no offset is given).</summary>
    public static DateTimeOffset ParseStart(string text, DateTimeOffset now)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return now;
        }

        if (trimmed.StartsWith('+'))
        {
            return now + ParseDuration(trimmed[1..]);
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw new FormatException($"'{text}' is not a start time: use now, +DURATION (e.g. +60s, +2h) or ISO-8601 (e.g. 2026-12-01T02:00:00Z)");
    }

    /// <summary>
    /// Parses <c>90s</c>, <c>15m</c>, <c>1h30m</c>, <c>2d</c>, <c>1w</c>, <c>500ms</c>, Mesos's units (<c>20mins</c>, <c>10secs</c>,
    /// <c>2hrs</c>, <c>1days</c>, <c>1weeks</c>) or an ISO-8601 duration (<c>PT1H</c>).
    /// </summary>
    public static TimeSpan ParseDuration(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('P') || trimmed.StartsWith('p'))
        {
            try
            {
                return System.Xml.XmlConvert.ToTimeSpan(trimmed.ToUpperInvariant());
            }
            catch (FormatException)
            {
                throw Invalid(text);
            }
        }

        var parts = DurationPart().Matches(trimmed);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != trimmed)
        {
            throw Invalid(text);
        }

        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" or "secs" => TimeSpan.FromSeconds(value),
                "m" or "mins" => TimeSpan.FromMinutes(value),
                "h" or "hrs" => TimeSpan.FromHours(value),
                "d" or "days" => TimeSpan.FromDays(value),
                "w" or "weeks" => TimeSpan.FromDays(7 * value),
                _ => throw Invalid(text),
            };
        }

        return total;
    }

    /// <summary>A duration for people: <c>1h 30m</c>, <c>45s</c>, <c>2d 4h</c>.</summary>
    public static string FormatDuration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + FormatDuration(span.Negate());
        }

        if (span < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0}ms");
        }

        var text = new StringBuilder();
        Append(text, (int)span.TotalDays, "d");
        Append(text, span.Hours, "h");
        Append(text, span.Minutes, "m");
        Append(text, span.Seconds, "s");
        return text.ToString().TrimEnd();
    }

    /// <summary>An instant as ISO-8601 UTC with its distance from now: <c>2026-12-01T02:00:00Z (in 3h 5m)</c>.</summary>
    public static string FormatInstant(DateTimeOffset instant, DateTimeOffset now)
    {
        var iso = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var delta = instant - now;
        var relative = Math.Abs(delta.TotalSeconds) < 1 ? "now"
            : delta > TimeSpan.Zero ? "in " + FormatDuration(Round(delta))
            : FormatDuration(Round(delta.Negate())) + " ago";
        return $"{iso} ({relative})";
    }

    private static TimeSpan Round(TimeSpan span) => TimeSpan.FromSeconds(Math.Round(span.TotalSeconds));

    private static void Append(StringBuilder text, int value, string unit)
    {
        if (value > 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit).Append(' ');
        }
    }

    private static FormatException Invalid(string text) =>
        new($"'{text}' is not a duration: use e.g. 90s, 15m, 1h30m, 2d or PT1H");

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|secs|s|mins|m|hrs|h|days|d|weeks|w)")]
    private static partial Regex DurationPart();
}
