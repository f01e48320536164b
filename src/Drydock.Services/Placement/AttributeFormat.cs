using System.Globalization;
using Drydock.Protocol.Resources;
using ValueTypeKind = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Services.Placement;

/// <summary>
/// Attribute values as Marathon's constraints compare them: text as it is; scalars rounded half-even to three decimals
/// with no trailing zeros (<c>2</c>, <c>0.5</c>, <c>1.002</c>); ranges sorted by start as <c>[a-b,c-d]</c>; set items
/// sorted as <c>{a,b}</c>. Note the missing spaces: this is not the <c>/state</c> form.
/// </summary>
internal static class AttributeFormat
{
    public static string Format(Value value) => value.Type switch
    {
        ValueTypeKind.SCALAR => Scalar(value.Scalar),
        ValueTypeKind.RANGES => "[" + string.Join(",", value.Ranges.OrderBy(r => r.Begin).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Begin}-{r.End}"))) + "]",
        ValueTypeKind.SET => "{" + string.Join(",", value.Set.Order(StringComparer.Ordinal)) + "}",
        _ => value.Text,
    };

    /// <summary>
    /// A scalar to three decimals, half-even. The double goes through <see cref="decimal"/> (its 15 significant digits),
    /// so the rounding applies to the value as it was written (1.0005 becomes 1, 1.0015 becomes 1.002) rather than to
    /// the nearest binary fraction.
    /// </summary>
    public static string Scalar(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) >= 1e15)
        {
            return value.ToString("0.###", CultureInfo.InvariantCulture);
        }

        return Decimal((decimal)value);
    }

    /// <summary>
    /// An <c>IS</c> constraint's value: a plain number (<c>^[0-9]+(\.[0-9]+)?$</c>) is formatted as a scalar, exactly as
    /// written (no detour through a double); anything else is compared as text.
    /// </summary>
    public static string ConstraintValue(string value) =>
        IsPlainNumber(value) && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? Decimal(number)
            : value;

    /// <summary>The first attribute of each name, formatted (Mesos lets an agent repeat a name; Marathon reads the first).</summary>
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<Protocol.Resources.Attribute> attributes)
    {
        var formatted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            formatted.TryAdd(attribute.Name, Format(attribute.Value));
        }

        return formatted;
    }

    private static string Decimal(decimal value)
    {
        var rounded = Math.Round(value, 3, MidpointRounding.ToEven);
        return (rounded == 0 ? 0m : rounded).ToString("0.###", CultureInfo.InvariantCulture);
    }

    private static bool IsPlainNumber(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? value : value[..dot];
        var fraction = dot < 0 ? "1" : value[(dot + 1)..];
        return whole.Length > 0 && fraction.Length > 0 && whole.All(char.IsAsciiDigit) && fraction.All(char.IsAsciiDigit) && value.Length <= 28;
    }
}
