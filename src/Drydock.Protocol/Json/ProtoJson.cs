using System.Text;
using System.Text.Json;

namespace Drydock.Protocol;

/// <summary>Entry points that turn a request body into a message, or into the error Mesos would answer with.</summary>
public static class ProtoJson
{
    /// <summary>JSON nesting deeper than this is refused; no Mesos message comes close to it.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>Parses a body as one JSON value, or returns Mesos's syntax error for it.</summary>
    public static ParseResult<JsonDocument> ParseDocument(ReadOnlyMemory<byte> body)
    {
        try
        {
            return ParseResult<JsonDocument>.Ok(JsonDocument.Parse(body, DocumentOptions));
        }
        catch (JsonException e)
        {
            return ParseResult<JsonDocument>.Fail(SyntaxError(body.Span, e));
        }
    }

    /// <summary>
    /// Parses a body that must be one JSON value of the given kind and reads it; a value of another kind is
    /// <c>Unexpected JSON type parsed</c>, as for Mesos's <c>JSON::parse&lt;T&gt;</c>.
    /// </summary>
    public static ParseResult<T> Parse<T>(ReadOnlyMemory<byte> body, JsonValueKind expected, Func<JsonElement, T> read)
    {
        var parsed = ParseDocument(body);
        if (!parsed.Succeeded)
        {
            return ParseResult<T>.Fail(parsed.Error);
        }

        using var document = parsed.Value;
        return document.RootElement.ValueKind == expected
            ? Read(document.RootElement, read)
            : ParseResult<T>.Fail(ProtoJsonMessages.UnexpectedType);
    }

    /// <summary>Reads an element already parsed, turning a mismatch into an error value.</summary>
    public static ParseResult<T> Read<T>(JsonElement element, Func<JsonElement, T> read)
    {
        try
        {
            return ParseResult<T>.Ok(read(element));
        }
        catch (ProtoJsonException e)
        {
            return ParseResult<T>.Fail(e.Message);
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-8 fails only when it is decoded.
            return ParseResult<T>.Fail(e.Message);
        }
    }

    private static string SyntaxError(ReadOnlySpan<byte> body, JsonException e)
    {
        // Mesos quotes the rest of the line where its parser stopped; do the same from the reader's position.
        var line = (int)(e.LineNumber ?? 0);
        var offset = (int)(e.BytePositionInLine ?? 0);
        var start = 0;
        for (var i = 0; i < line && start < body.Length; i++)
        {
            var next = body[start..].IndexOf((byte)'\n');
            start = next < 0 ? body.Length : start + next + 1;
        }

        var from = Math.Min(body.Length, start + offset);
        var rest = body[from..];
        var end = rest.IndexOf((byte)'\n');
        rest = end < 0 ? rest : rest[..end];
        if (rest.Length > 80)
        {
            rest = rest[..80];
        }

        var near = new StringBuilder();
        foreach (var c in Encoding.UTF8.GetString(rest))
        {
            if (c >= ' ')
            {
                near.Append(c);
            }
        }

        return ProtoJsonMessages.Syntax(line + 1, near.ToString());
    }
}
