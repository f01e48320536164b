using System.Globalization;
using System.Text.Json;

namespace Drydock.Protocol;

/// <summary>
/// Reads one JSON object as a protobuf message the way Mesos's JSON-to-protobuf parser does: unknown fields are
/// ignored, <c>null</c> means absent, integers may be numbers (decimals are truncated) or numeric strings, and a value
/// of the wrong JSON type is an error naming the field. Missing required fields are collected with their paths
/// (<c>windows[0].unavailability.start</c>) and reported together once the whole document has been read.
/// A double must be finite: <c>"Infinity"</c>, <c>"NaN"</c> and numbers too large for a double (<c>1e400</c>) are refused
/// with the field's whole path, so no infinity or NaN from a client can reach the master's books (nor its JSON writers,
/// which cannot render one). Only <see cref="ReadRecovered"/>, for records written by an older build, lets them through,
/// so that the caller can drop what is invalid instead of the whole record.
/// </summary>
internal readonly struct ProtoObject
{
    private readonly JsonElement _element;
    private readonly string _path;
    private readonly List<string> _missing;
    private readonly bool _keepNonFinite;

    private ProtoObject(JsonElement element, string path, List<string> missing, bool keepNonFinite)
    {
        _element = element;
        _path = path;
        _missing = missing;
        _keepNonFinite = keepNonFinite;
    }

    /// <summary>Reads a whole document (or a nested value read on its own) and checks its required fields.</summary>
    public static T ReadRoot<T>(JsonElement element, Func<ProtoObject, T> read, string path = "") => Read(element, read, path, keepNonFinite: false);

    /// <summary>
    /// As <see cref="ReadRoot{T}"/>, but a non-finite double is read as it is (infinity or NaN) instead of failing the
    /// document: for records from before Drydock refused them (an agent's checkpointed task), whose readers then drop
    /// what is invalid.
    /// </summary>
    public static T ReadRecovered<T>(JsonElement element, Func<ProtoObject, T> read) => Read(element, read, string.Empty, keepNonFinite: true);

    private static T Read<T>(JsonElement element, Func<ProtoObject, T> read, string path, bool keepNonFinite)
    {
        var root = From(element, path, [], keepNonFinite);
        var value = read(root);
        if (root._missing.Count > 0)
        {
            throw new ProtoJsonException(ProtoJsonMessages.MissingRequired(root._missing));
        }

        return value;
    }

    private static ProtoObject From(JsonElement element, string path, List<string> missing, bool keepNonFinite = false) =>
        element.ValueKind == JsonValueKind.Object
            ? new ProtoObject(element, path, missing, keepNonFinite)
            : throw new ProtoJsonException(ProtoJsonMessages.ExpectedObject);

    public bool Has(string field) => TryGet(field, out _);

    public string? String(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(value.ValueKind, field));
    }

    public long? Int64(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return ToInt64(value, value.GetRawText(), field);
            case JsonValueKind.String:
                var text = value.GetString()!;
                return TryParseNumber(text, out var number)
                    ? ToInt64(number, text, field)
                    : throw new ProtoJsonException(ProtoJsonMessages.NotANumber(text, field));
            default:
                throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(value.ValueKind, field));
        }
    }

    /// <summary>An int32 field (a port): an integer as <see cref="Int64"/> reads it, refused when it does not fit.</summary>
    public int? Int32(string field)
    {
        var wide = Int64(field);
        return wide is null ? null
            : wide is >= int.MinValue and <= int.MaxValue ? (int)wide.Value
            : throw new ProtoJsonException(ProtoJsonMessages.OutOfRange(wide.Value.ToString(CultureInfo.InvariantCulture), field));
    }

    /// <summary>A double field; it must be finite (see the type's summary).</summary>
    public double? Double(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return Finite(value.GetDouble(), value.GetRawText(), field);
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text is "Infinity" or "-Infinity" or "NaN")
                {
                    // The names protobuf's JSON mapping gives the non-finite doubles.
                    return Finite(text switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity }, text, field);
                }

                return TryParseNumber(text, out var number)
                    ? Finite(number.GetDouble(), text, field)
                    : throw new ProtoJsonException(ProtoJsonMessages.NotANumber(text, field));
            default:
                throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(value.ValueKind, field));
        }
    }

    private double Finite(double value, string text, string field) =>
        double.IsFinite(value) || _keepNonFinite ? value : throw new ProtoJsonException(ProtoJsonMessages.NotFinite(text, _path + field));

    public bool? Bool(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when value.GetString() is "true" => true,
            JsonValueKind.String when value.GetString() is "false" => false,
            JsonValueKind.String => throw new ProtoJsonException(ProtoJsonMessages.NotABoolean(value.GetString()!, field)),
            _ => throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(value.ValueKind, field)),
        };
    }

    /// <summary>
    /// An optional enum field given by name. As in Mesos (proto2), a name it does not know leaves the field unset.
    /// </summary>
    public TEnum? Enum<TEnum>(string field)
        where TEnum : struct, Enum
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(value.ValueKind, field));
        }

        // Protobuf knows a value only by its exact name; anything else (other case, spaces, numbers) is unknown.
        var name = value.GetString()!;
        return System.Enum.GetNames<TEnum>().Contains(name, StringComparer.Ordinal) ? System.Enum.Parse<TEnum>(name) : null;
    }

    public ProtoObject? Message(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? new ProtoObject(value, _path + field + ".", _missing, _keepNonFinite)
            : throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(value.ValueKind, field));
    }

    /// <summary>The raw element of a field, for callers that read it with another reader.</summary>
    public JsonElement? Raw(string field) => TryGet(field, out var value) ? value : null;

    public IReadOnlyList<T> Repeated<T>(string field, Func<ProtoObject, T> read)
    {
        if (!TryGet(field, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(value.ValueKind, field));
        }

        var items = new List<T>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(item.ValueKind, field));
            }

            var path = string.Create(CultureInfo.InvariantCulture, $"{_path}{field}[{items.Count}].");
            items.Add(read(new ProtoObject(item, path, _missing, _keepNonFinite)));
        }

        return items;
    }

    /// <summary>A repeated string field; <c>null</c> items are skipped.</summary>
    public IReadOnlyList<string> RepeatedStrings(string field)
    {
        if (!TryGet(field, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(value.ValueKind, field));
        }

        var items = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.Null:
                    continue;
                case JsonValueKind.String:
                    items.Add(item.GetString()!);
                    break;
                default:
                    throw new ProtoJsonException(ProtoJsonMessages.NotExpecting(item.ValueKind, field));
            }
        }

        return items;
    }

    /// <summary>Records a required field of this message as missing when <paramref name="present"/> is false.</summary>
    public void Require(string field, bool present)
    {
        if (!present)
        {
            _missing.Add(_path + field);
        }
    }

    /// <summary>Reads the elements of a top-level array (the body of <c>/machine/down</c>) as messages.</summary>
    public static IReadOnlyList<T> ReadArray<T>(JsonElement array, Func<ProtoObject, T> read)
    {
        var missing = new List<string>();
        var items = new List<T>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"[{items.Count}].");
            items.Add(read(From(item, path, missing)));
        }

        return missing.Count > 0 ? throw new ProtoJsonException(ProtoJsonMessages.MissingRequired(missing)) : items;
    }

    private static long ToInt64(JsonElement number, string text, string field)
    {
        if (number.TryGetInt64(out var exact))
        {
            return exact;
        }

        // Mesos casts a non-integral number to the field's type; do the same, but refuse what does not fit.
        var real = number.GetDouble();
        return double.IsFinite(real) && real >= long.MinValue && real < 9.2233720368547758E18
            ? (long)real
            : throw new ProtoJsonException(ProtoJsonMessages.OutOfRange(text, field));
    }

    private static bool TryParseNumber(string text, out JsonElement number)
    {
        number = default;
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || !(char.IsDigit(trimmed[0]) || trimmed[0] == '-'))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind != JsonValueKind.Number)
            {
                return false;
            }

            number = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool TryGet(string field, out JsonElement value)
    {
        if (_element.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }
}
