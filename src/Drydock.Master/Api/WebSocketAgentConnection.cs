using System.Net.WebSockets;
using System.Text;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Registry;
using Google.Protobuf;

namespace Drydock.Master.Api;

/// <summary>
/// An agent channel over a WebSocket: each binary message is one protobuf <c>MasterMessage</c>. Closing sends the close
/// frame and gives the agent <see cref="CloseGrace"/> to answer it; then <see cref="Abandoned"/> fires and the reader
/// drops the socket, so a peer that never answers (or stops mid-frame) cannot keep the channel open.
/// </summary>
internal sealed class WebSocketAgentConnection(WebSocket socket, TimeProvider time) : IAgentConnection, IDisposable
{
    /// <summary>How long a closed channel waits for the agent's close frame.</summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    /// <summary>A close frame's reason holds at most 123 bytes of UTF-8 (RFC 6455, 5.5).</summary>
    private const int MaxReasonBytes = 123;

    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly CancellationTokenSource _abandoned = new();
    private ITimer? _abandonTimer;

    /// <summary>Cancelled <see cref="CloseGrace"/> after the master closed the channel.</summary>
    public CancellationToken Abandoned => _abandoned.Token;

    public async ValueTask SendAsync(MasterMessage message, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(message.ToByteArray(), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // The agent is gone; the read loop notices and marks it disconnected.
        }
        finally
        {
            _send.Release();
        }
    }

    public ValueTask CloseAsync() => CloseAsync(WebSocketCloseStatus.NormalClosure, "closed by the master");

    /// <summary>Sends the close frame with a status and reason (cut to what a close frame holds).</summary>
    public async ValueTask CloseAsync(WebSocketCloseStatus status, string reason)
    {
        // Armed before waiting for the send lock: a send stuck on a peer that does not read must not hold the close up.
        lock (_abandoned)
        {
            _abandonTimer ??= time.CreateTimer(_ => Abandon(), null, CloseGrace, Timeout.InfiniteTimeSpan);
        }

        await _send.WaitAsync();
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, Cut(reason), CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _send.Release();
        }
    }

    public void Dispose()
    {
        lock (_abandoned)
        {
            _abandonTimer?.Dispose();
            _abandonTimer = null;
        }

        _send.Dispose();
        _abandoned.Dispose();
    }

    /// <summary>The reason whole when it fits a close frame, else its longest prefix that does (never half a character).</summary>
    internal static string Cut(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= MaxReasonBytes)
        {
            return reason;
        }

        var length = reason.Length;
        while (length > 0 && (Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxReasonBytes - 3 || char.IsHighSurrogate(reason[length - 1])))
        {
            length--;
        }

        return string.Concat(reason.AsSpan(0, length), "...");
    }

    private void Abandon()
    {
        lock (_abandoned)
        {
            if (_abandonTimer is null)
            {
                // Disposed meanwhile.
                return;
            }
        }

        try
        {
            _abandoned.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
