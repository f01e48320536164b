using System.Net.WebSockets;
using Drydock.AgentProtocol.V1;
using Google.Protobuf;

namespace Drydock.Agent.Registration;

/// <summary>The agent's end of its WebSocket to the master: protobuf messages, one per binary frame.</summary>
internal sealed class MasterChannel : IAsyncDisposable
{
    public const uint ProtocolVersion = 1;

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];

    public static async Task<MasterChannel> ConnectAsync(Uri master, CancellationToken cancellationToken)
    {
        var channel = new MasterChannel();
        var builder = new UriBuilder(master) { Scheme = master.Scheme == "https" ? "wss" : "ws", Path = "/agent/v1/channel" };
        channel._socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(10);
        await channel._socket.ConnectAsync(builder.Uri, cancellationToken);
        return channel;
    }

    public async Task SendAsync(Action<AgentMessage> fill, CancellationToken cancellationToken)
    {
        var message = new AgentMessage { Version = ProtocolVersion };
        fill(message);
        await _send.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message.ToByteArray(), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>The next message, or null when the master closed the channel.</summary>
    public async Task<MasterMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        // One reader at a time (the agent's receive loop), so one buffer serves every message.
        var buffer = _receiveBuffer;
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return MasterMessage.Parser.ParseFrom(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    /// <summary>Half-closes the channel: what was sent is delivered, then the master sees the close.</summary>
    public async Task CloseOutputAsync(CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "agent leaving", cancellationToken);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "agent closing", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }

        _socket.Dispose();
        _send.Dispose();
    }
}
