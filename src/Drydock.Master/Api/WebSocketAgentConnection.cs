using System.Net.WebSockets;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Registry;
using Google.Protobuf;

namespace Drydock.Master.Api;

/// <summary>An agent channel over a WebSocket: each binary message is one protobuf <c>MasterMessage</c>.</summary>
internal sealed class WebSocketAgentConnection(WebSocket socket) : IAgentConnection, IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);

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

    public async ValueTask CloseAsync()
    {
        await _send.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closed by the master", CancellationToken.None);
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

    public void Dispose() => _send.Dispose();
}
