using System.Globalization;

namespace Drydock.Protocol.Resources;

/// <summary>
/// Resources as Mesos prints them in its messages (<c>operator&lt;&lt;</c> for <c>Resource</c>):
/// <c>cpus(allocated: web)(reservations: [(STATIC,web)]):0.5</c>, ranges <c>[31000-32000, 33000-34000]</c>, sets
/// <c>{a, b}</c>, scalars with up to 15 significant digits.
/// </summary>
public static class ResourceText
{
    /// <summary>One resource; <paramref name="allocationRole"/> is the role of the offer it came from, when it did.</summary>
    public static string Describe(Resource resource, string? allocationRole = null)
    {
        var allocated = allocationRole is null ? string.Empty : $"(allocated: {allocationRole})";
        var reserved = resource.IsReserved ? $"(reservations: [(STATIC,{resource.Role})])" : string.Empty;
        return $"{resource.Name}{allocated}{reserved}:{resource.Defect?.Given ?? Value(resource.Value)}";
    }

    public static string Value(Value value) => value.Type switch
    {
        ValueType.SCALAR => Scalar(value.Scalar),
        ValueType.RANGES => Ranges(value.Ranges),
        ValueType.SET => Set(value.Set),
        _ => value.Text,
    };

    /// <summary>A C++ stream's default notation at 15 digits: <c>0.5</c>, <c>-3</c>, <c>1e+20</c>, <c>inf</c>.</summary>
    public static string Scalar(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : value.ToString("G15", CultureInfo.InvariantCulture).ToLowerInvariant();

    public static string Ranges(IEnumerable<ValueRange> ranges) =>
        "[" + string.Join(", ", ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Begin}-{r.End}"))) + "]";

    public static string Set(IEnumerable<string> items) => "{" + string.Join(", ", items) + "}";
}
