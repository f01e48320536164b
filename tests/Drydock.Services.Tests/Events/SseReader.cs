using System.Text;

namespace Drydock.Services.Tests.Events;

/// <summary>
/// Reads a server-sent event stream as a client would: <c>event:</c> and <c>data:</c> lines ending at a blank line;
/// a blank line outside an event is a heartbeat. Keeps the raw text it consumed, to check the exact framing.
/// </summary>
internal sealed class SseReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[8192];
    private readonly char[] _chars = new char[8192];
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _pending = new();

    /// <summary>Everything read so far, as sent.</summary>
    public StringBuilder Raw { get; } = new();

    /// <summary>The next event or heartbeat (<c>("", "")</c>); null when the stream has ended.</summary>
    public async Task<(string Type, string Data)?> NextAsync(TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        string? type = null;
        string? data = null;
        while (true)
        {
            var line = await LineAsync(deadline.Token);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                return (type ?? "", data ?? "");
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
    }

    /// <summary>The next event, skipping heartbeats.</summary>
    public async Task<(string Type, string Data)> NextEventAsync()
    {
        while (true)
        {
            var next = await NextAsync() ?? throw new InvalidOperationException("the stream ended");
            if (next.Type.Length > 0)
            {
                return next;
            }
        }
    }

    private async Task<string?> LineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 2);
                return text[..end];
            }

            var read = await stream.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            var count = _decoder.GetChars(_buffer, 0, read, _chars, 0);
            _pending.Append(_chars, 0, count);
            Raw.Append(_chars, 0, count);
        }
    }
}
