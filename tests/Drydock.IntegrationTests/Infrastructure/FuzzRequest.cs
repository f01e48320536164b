using System.Globalization;
using System.Text;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>One fuzzed POST: where it went, with which Content-Type, the body, and the edits that made it.</summary>
internal sealed record FuzzRequest(int Index, string Path, string? ContentType, byte[] Body, string Edits)
{
    /// <summary>Extra request headers (the scheduler API's <c>Mesos-Stream-Id</c>, right, wrong or absent).</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>The request as a readable line: non-printable and non-ASCII bytes as <c>\xNN</c>, long bodies cut.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var b in Body.Take(600))
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : string.Create(CultureInfo.InvariantCulture, $"\\x{b:X2}"));
        }

        var cut = Body.Length > 600 ? string.Create(CultureInfo.InvariantCulture, $"…({Body.Length} bytes)") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"#{Index} POST {Path} Content-Type={ContentType ?? "<none>"}{string.Concat(Headers.Select(h => $" {h.Name}={h.Value}"))} edits=[{Edits}] body={text}{cut}");
    }
}
