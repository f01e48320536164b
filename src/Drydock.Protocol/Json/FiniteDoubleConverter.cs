using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drydock.Protocol;

/// <summary>
/// Every double the source-generated contracts write (<c>/state</c>'s resources, failover timeouts, timestamps) goes
/// through <see cref="JsonWriting.Finite"/>, so no record can fail a whole response. Reading is as before: a number, or
/// a numeric string.
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? double.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(JsonWriting.Finite(value));
}
