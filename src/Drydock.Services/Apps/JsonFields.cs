using System.Text.Json;

namespace Drydock.Services.Apps;

/// <summary>
/// Typed reads of JSON members, each recording Play's error key at its path when the value has the wrong type or is out
/// of range (<c>error.expected.jsstring</c>, <c>error.min</c>, …). An absent member and an explicit <c>null</c> both read
/// as null: Marathon treats null as "not given".
/// </summary>
internal sealed class JsonFields(ProblemCollector shape)
{
    public ProblemCollector Shape { get; } = shape;

    public static string Member(string path, string name) => path + "/" + name;

    public static string Index(string path, int index) => path + "(" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";

    /// <summary>The member's value, or null when it is absent or <c>null</c>.</summary>
    public static JsonElement? Get(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined ? value : null;

    public static bool Has(JsonElement obj, string name) => Get(obj, name) is not null;

    public string? String(JsonElement obj, string name, string path, int minLength = 0, int maxLength = int.MaxValue)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        return StringValue(value, Member(path, name), minLength, maxLength);
    }

    public string? StringValue(JsonElement value, string at, int minLength = 0, int maxLength = int.MaxValue)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Shape.Add(at, "error.expected.jsstring");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length < minLength)
        {
            Shape.Add(at, "error.minLength");
            return null;
        }

        if (text.Length > maxLength)
        {
            Shape.Add(at, "error.maxLength");
            return null;
        }

        return text;
    }

    public string? RequiredString(JsonElement obj, string name, string path, int minLength = 0, int maxLength = int.MaxValue)
    {
        if (!Has(obj, name))
        {
            Shape.Add(Member(path, name), "error.path.missing");
            return null;
        }

        return String(obj, name, path, minLength, maxLength);
    }

    public bool? Bool(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Shape.Add(Member(path, name), "error.expected.jsboolean");
        return null;
    }

    public int? Int32(JsonElement obj, string name, string path, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        return Int32Value(value, Member(path, name), min, max);
    }

    public int? Int32Value(JsonElement value, string at, int min = int.MinValue, int max = int.MaxValue)
    {
        var wide = Int64Value(value, at, min, max, "error.expected.int");
        return wide is { } n ? (int)n : null;
    }

    public long? Int64(JsonElement obj, string name, string path, long min = long.MinValue, long max = long.MaxValue)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        return Int64Value(value, Member(path, name), min, max, "error.expected.long");
    }

    public double? Double(JsonElement obj, string name, string path, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        var at = Member(path, name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Shape.Add(at, "error.expected.jsnumber");
            return null;
        }

        return InRange(number, min, max, at) ? number : null;
    }

    /// <summary>The member as an array (null when absent or of another type, the latter recorded).</summary>
    public JsonElement? Array(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        Shape.Add(Member(path, name), "error.expected.jsarray");
        return null;
    }

    public JsonElement? Object(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        Shape.Add(Member(path, name), "error.expected.jsobject");
        return null;
    }

    /// <summary>An array of strings; null when absent or when any item is not a string (each such item recorded).</summary>
    public IReadOnlyList<string>? StringArray(JsonElement obj, string name, string path)
    {
        if (Array(obj, name, path) is not { } array)
        {
            return null;
        }

        var items = new List<string>();
        var ok = true;
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (StringValue(item, Index(Member(path, name), i)) is { } text)
            {
                items.Add(text);
            }
            else
            {
                ok = false;
            }

            i++;
        }

        return ok ? items : null;
    }

    /// <summary>A map of strings (<c>labels</c>); null when absent or when any value is not a string.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(JsonElement obj, string name, string path)
    {
        if (Object(obj, name, path) is not { } map)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var member in map.EnumerateObject())
        {
            if (StringValue(member.Value, Member(Member(path, name), member.Name)) is { } text)
            {
                result[member.Name] = text;
            }
            else
            {
                ok = false;
            }
        }

        return ok ? result : null;
    }

    /// <summary>An enum member matched without case, as the generated RAML readers do; null when absent or unknown.</summary>
    public T? Enum<T>(JsonElement obj, string name, string path, IReadOnlyDictionary<string, T> literals)
        where T : struct
    {
        if (Get(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && literals.TryGetValue(value.GetString()!.ToUpperInvariant(), out var literal))
        {
            return literal;
        }

        Shape.Add(Member(path, name), "error.unknown.enum.literal");
        return null;
    }

    private long? Int64Value(JsonElement value, string at, long min, long max, string notIntegral)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            Shape.Add(at, "error.expected.jsnumber");
            return null;
        }

        if (!value.TryGetInt64(out var number))
        {
            // 3.0 is an integer to Play (a BigDecimal that is a valid int); 3.5 or 1e40 is not.
            if (value.TryGetDouble(out var d) && double.IsFinite(d) && d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue)
            {
                number = (long)d;
            }
            else
            {
                Shape.Add(at, notIntegral);
                return null;
            }
        }

        if (notIntegral == "error.expected.int" && (number < int.MinValue || number > int.MaxValue))
        {
            Shape.Add(at, notIntegral);
            return null;
        }

        return InRange(number, min, max, at) ? number : null;
    }

    private bool InRange(double number, double min, double max, string at)
    {
        if (number < min)
        {
            Shape.Add(at, "error.min");
            return false;
        }

        if (number > max)
        {
            Shape.Add(at, "error.max");
            return false;
        }

        return true;
    }
}
