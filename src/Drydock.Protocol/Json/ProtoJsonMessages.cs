using System.Globalization;
using System.Text.Json;

namespace Drydock.Protocol;

/// <summary>The error texts of Mesos's JSON reader and JSON-to-protobuf parser, in one place.</summary>
internal static class ProtoJsonMessages
{
    public const string ExpectedObject = "Expecting a JSON object";

    public const string UnexpectedType = "Unexpected JSON type parsed";

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };

    public static string NotExpecting(JsonValueKind kind, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"Not expecting a JSON {KindName(kind)} for field '{field}'");

    public static string NotANumber(string text, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"Failed to parse '{text}' as a JSON number for field '{field}'");

    public static string NotABoolean(string text, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"Failed to parse '{text}' as a JSON boolean for field '{field}'");

    public static string OutOfRange(string text, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"Value '{text}' is out of range for field '{field}'");

    /// <summary>Drydock's own: Mesos has no text for it (its parser lets a non-finite double through).</summary>
    public static string NotFinite(string text, string path) =>
        string.Create(CultureInfo.InvariantCulture, $"Value '{text}' is not a finite number for field '{path}'");

    public static string MissingRequired(IEnumerable<string> fields) => "Missing required fields: " + string.Join(", ", fields);

    public static string Syntax(int line, string near) =>
        string.Create(CultureInfo.InvariantCulture, $"syntax error at line {line} near: {near}");
}
