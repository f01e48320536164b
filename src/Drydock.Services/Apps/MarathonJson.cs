using System.Text.Encodings.Web;
using System.Text.Json;

namespace Drydock.Services.Apps;

/// <summary>
/// The writer settings of every <c>/v2</c> body: characters such as <c>'</c>, <c>&lt;</c> and non-ASCII letters are
/// written as they are (as Marathon's Jackson does), not as <c>\u0027</c>; JSON stays valid, only quotes, backslashes
/// and control characters are escaped.
/// </summary>
internal static class MarathonJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs <paramref name="write"/> on a writer with <see cref="WriterOptions"/> and returns the UTF-8 bytes.</summary>
    public static byte[] ToBytes(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
