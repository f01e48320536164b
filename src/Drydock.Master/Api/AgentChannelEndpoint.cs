using System.Net.WebSockets;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Frameworks;
using Drydock.Master.Metrics;
using Drydock.Master.Registry;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Drydock.Master.Api;

/// <summary>
/// <c>GET /agent/v1/channel</c>: the WebSocket each agent keeps open to the master. Frames are read one message at a
/// time and handed to the agent registry; a malformed frame or a protocol version the master does not speak closes
/// the channel.
/// </summary>
internal static class AgentChannelEndpoint
{
    public const string Path = "/agent/v1/channel";

    private const int MaxMessageBytes = 16 * 1024 * 1024;

    public static void MapAgentChannel(this IEndpointRouteBuilder routes) => routes.Map(Path, Handle);

    private static async Task Handle(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await MesosResponses.BadRequest(context, "Expecting a WebSocket upgrade for the agent channel");
            return;
        }

        var registry = context.RequestServices.GetRequiredService<AgentRegistry>();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new WebSocketAgentConnection(socket);
        // The channel ends when the agent goes or when the master stops; a stopping master must not wait for agents.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted,
            context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var stopping = ending.Token;
        var metrics = context.RequestServices.GetRequiredService<MasterMetrics>();
        try
        {
            // Small, because it is held for the channel's life: 10,000 agents keep 10,000 of them. Larger messages (a
            // re-registration with many tasks) are gathered chunk by chunk.
            var buffer = new byte[4 * 1024];
            while (await ReadAsync(socket, buffer, stopping) is { } message)
            {
                if (message.Version != AgentRegistry.ProtocolVersion)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, $"protocol version {message.Version} is not spoken here", stopping);
                    break;
                }

                metrics.Received(message.BodyCase switch
                {
                    AgentMessage.BodyOneofCase.Register => "register_slave",
                    AgentMessage.BodyOneofCase.Reregister => "reregister_slave",
                    AgentMessage.BodyOneofCase.Unregister => "unregister_slave",
                    AgentMessage.BodyOneofCase.StatusUpdate => "status_update",
                    _ => string.Empty,
                });
                switch (message.BodyCase)
                {
                    case AgentMessage.BodyOneofCase.Register:
                        await registry.RegisterAsync(message.Register.Agent ?? new AgentDescription(), connection, stopping);
                        break;
                    case AgentMessage.BodyOneofCase.Reregister:
                        await registry.ReregisterAsync(message.Reregister.AgentId, message.Reregister.Agent ?? new AgentDescription(), message.Reregister.Tasks, connection, stopping);
                        break;
                    case AgentMessage.BodyOneofCase.Unregister:
                        await registry.UnregisterAsync(message.Unregister.AgentId, connection, stopping);
                        break;
                    case AgentMessage.BodyOneofCase.Pong:
                        await registry.PongAsync(connection);
                        break;
                    case AgentMessage.BodyOneofCase.StatusUpdate when registry.AgentIdOf(connection) is { } agentId:
                        context.RequestServices.GetRequiredService<TaskService>().OnStatusUpdate(agentId, message.StatusUpdate);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or InvalidProtocolBufferException or OperationCanceledException)
        {
            // A broken or malformed channel ends here; the agent reconnects.
        }
        finally
        {
            await registry.DisconnectedAsync(connection);
        }
    }

    private static async Task<AgentMessage?> ReadAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var first = await socket.ReceiveAsync(buffer, cancellationToken);
        if (first.MessageType == WebSocketMessageType.Close)
        {
            return null;
        }

        if (first.EndOfMessage)
        {
            // Most messages (pongs, status updates) fit in one chunk.
            return AgentMessage.Parser.ParseFrom(buffer, 0, first.Count);
        }

        using var message = new MemoryStream();
        message.Write(buffer, 0, first.Count);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxMessageBytes)
            {
                throw new WebSocketException("agent message too large");
            }

            if (result.EndOfMessage)
            {
                return AgentMessage.Parser.ParseFrom(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
