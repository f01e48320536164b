using System.Globalization;

namespace Drydock.Protocol.Resources;

/// <summary>
/// A Mesos value: a scalar, ranges, a set or text. Exactly one of the payloads matches <see cref="Type"/>.
/// </summary>
public sealed record Value(ValueType Type)
{
    public double Scalar { get; init; }

    public IReadOnlyList<ValueRange> Ranges { get; init; } = [];

    public IReadOnlyList<string> Set { get; init; } = [];

    public string Text { get; init; } = string.Empty;

    /// <summary>
    /// The largest scalar Drydock takes, in any resource (<c>cpus</c>, <c>mem</c> and <c>disk</c> in MB alike): 10^12.
    /// Mesos keeps scalars as int64 thousandths, which hold up to about 9.2 * 10^15; Drydock keeps doubles, which hold
    /// thousandths exactly only up to 2^53 / 1000 (about 9 * 10^12). Below 10^12 every amount keeps its three decimals,
    /// sums of any number of them stay finite, and no real agent comes near it (10^12 MB is an exabyte).
    /// </summary>
    public const double MaxScalar = 1e12;

    public static Value OfScalar(double value) => new(ValueType.SCALAR) { Scalar = RoundScalar(value) };

    public static Value OfRanges(IEnumerable<ValueRange> ranges) => new(ValueType.RANGES) { Ranges = Coalesce(ranges) };

    public static Value OfSet(IEnumerable<string> items) => new(ValueType.SET) { Set = items.Distinct(StringComparer.Ordinal).ToArray() };

    public static Value OfText(string text) => new(ValueType.TEXT) { Text = text };

    /// <summary>
    /// Mesos keeps three decimal places of a scalar (fixed point in thousandths).
    /// A value beyond what thousandths can say exactly (or not finite) is left as it is: multiplying it by 1000 could
    /// turn a finite value into an infinity. Adding zero turns -0 into 0.</summary>
    public static double RoundScalar(double value) => Math.Abs(value) < 1e15
        ? (Math.Round(value * 1000, MidpointRounding.AwayFromZero) / 1000) + 0.0
        : value;

    /// <summary>Sorted, merged ranges: overlapping and adjacent ranges become one.</summary>
    public static IReadOnlyList<ValueRange> Coalesce(IEnumerable<ValueRange> ranges)
    {
        var merged = new List<ValueRange>();
        foreach (var range in ranges.OrderBy(r => r.Begin).ThenBy(r => r.End))
        {
            if (merged.Count > 0 && range.Begin <= merged[^1].End + 1)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, range.End) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>The value as <c>/state</c> shows it: ranges <c>[a-b, c-d]</c>, sets <c>{a, b}</c>, text as it is.</summary>
    public string Format() => Type switch
    {
        ValueType.SCALAR => Scalar.ToString(CultureInfo.InvariantCulture),
        ValueType.RANGES => "[" + string.Join(", ", Ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Begin}-{r.End}"))) + "]",
        ValueType.SET => "{" + string.Join(", ", Set) + "}",
        _ => Text,
    };
}
