using System.Globalization;
using System.Net.WebSockets;
using Drydock.AgentProtocol.V1;
using Google.Protobuf;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// The agent channel spoken by hand (<c>GET /agent/v1/channel</c>, one protobuf message per binary frame), for tests that
/// send what a real agent never would: garbage, wrong ids, messages out of order, nothing at all.
/// </summary>
internal sealed class RawAgentChannel : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];

    private RawAgentChannel(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>The close status the master sent, once the channel closed.</summary>
    public WebSocketCloseStatus? CloseStatus => Socket.CloseStatus;

    public string? CloseReason => Socket.CloseStatusDescription;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<RawAgentChannel> ConnectAsync(Uri master)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(Uri(master), Token);
        return new RawAgentChannel(socket);
    }

    public static Uri Uri(Uri master) => new UriBuilder(master) { Scheme = "ws", Path = "/agent/v1/channel" }.Uri;

    /// <summary>What a real agent at <paramref name="ip"/>:<paramref name="port"/> describes itself as.</summary>
    public static AgentDescription Description(string hostname, int port, string ip = "127.0.0.1") => new()
    {
        AgentInfoJson = string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"hostname":"{{{hostname}}}","port":{{{port}}},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1}},{"name":"mem","type":"SCALAR","scalar":{"value":256}}]}"""),
        Ip = ip,
        Version = "1.12.0",
    };

    public Task SendAsync(Action<AgentMessage> fill)
    {
        var message = new AgentMessage { Version = 1 };
        fill(message);
        return SendBytesAsync(message.ToByteArray());
    }

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Binary, bool endOfMessage = true) =>
        await Socket.SendAsync(bytes, type, endOfMessage, Token);

    /// <summary>
    /// The next message, or null once the master closed the channel (or dropped it); throws <see cref="TimeoutException"/>
    /// when neither happens within <paramref name="timeout"/>.
    /// </summary>
    public async Task<MasterMessage?> ReceiveAsync(TimeSpan? timeout = null)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(30);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(wait);
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(_buffer, deadline.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Token);
                    }

                    return null;
                }

                message.Write(_buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return MasterMessage.Parser.ParseFrom(message.GetBuffer(), 0, (int)message.Length);
                }
            }
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            throw new TimeoutException($"No message from the master and no close within {wait.TotalSeconds} s");
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    /// <summary>Reads until the master closes the channel, within <paramref name="timeout"/>; returns what it sent before.</summary>
    public async Task<IReadOnlyList<MasterMessage>> WaitClosedAsync(TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var received = new List<MasterMessage>();
        while (await ReceiveAsync(Max(until - DateTime.UtcNow, TimeSpan.FromMilliseconds(1))) is { } message)
        {
            received.Add(message);
        }

        return received;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public async ValueTask DisposeAsync()
    {
        Socket.Abort();
        Socket.Dispose();
        await Task.CompletedTask;
    }
}
