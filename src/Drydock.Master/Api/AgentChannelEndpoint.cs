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
/// time, checked (<see cref="AgentMessageRules"/>) and handed to the agent registry. A channel must send its Register
/// or Reregister within <c>--agent-registration-timeout</c>, and at most <c>--max-unregistered-agent-channels</c> may be
/// waiting to; an upgrade beyond that gets 503. A text frame, a malformed or oversized one, a protocol version the master
/// does not speak, or a message the rules refuse closes the channel with a reason, which the master logs and counts.
/// </summary>
internal static class AgentChannelEndpoint
{
    public const string Path = "/agent/v1/channel";

    private const int MaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>WebSocket close code 1013 (RFC 6455 registry: try again later), which .NET's enum does not name.</summary>
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    public static void MapAgentChannel(this IEndpointRouteBuilder routes) => routes.Map(Path, Handle);

    private static async Task Handle(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await MesosResponses.BadRequest(context, "Expecting a WebSocket upgrade for the agent channel");
            return;
        }

        var services = context.RequestServices;
        var metrics = services.GetRequiredService<MasterMetrics>();
        var log = services.GetRequiredService<AgentChannelLog>();
        var unregistered = services.GetRequiredService<UnregisteredChannels>();
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!unregistered.TryEnter())
        {
            // Refused before the upgrade, so the refused socket costs nothing; a real agent retries with its backoff.
            metrics.AgentChannelRefused();
            log.Refused(remote, unregistered.Limit);
            await MesosResponses.Text(
                context,
                StatusCodes.Status503ServiceUnavailable,
                $"Too many agent channels are waiting to register (--max-unregistered-agent-channels={unregistered.Limit}); try again later");
            return;
        }

        var waiting = true;
        var registry = services.GetRequiredService<AgentRegistry>();
        var time = services.GetRequiredService<TimeProvider>();
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var connection = new WebSocketAgentConnection(socket, time);
            // The channel ends when the agent goes, when the master stops (a stopping master must not wait for agents), or
            // when a channel the master closed is not closed by the agent in time.
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(
                context.RequestAborted,
                services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping,
                connection.Abandoned);
            var stopping = ending.Token;
            var timeout = services.GetRequiredService<RegistryOptions>().AgentRegistrationTimeout;
            using var deadline = time.CreateTimer(
                _ =>
                {
                    if (Volatile.Read(ref waiting))
                    {
                        metrics.AgentChannelTimedOut();
                        log.TimedOut(remote, timeout.TotalSeconds);
                        _ = CloseQuietlyAsync(connection, "No Register or Reregister within --agent-registration-timeout");
                    }
                },
                null,
                timeout,
                Timeout.InfiniteTimeSpan);

            try
            {
                // Small, because it is held for the channel's life: 10,000 agents keep 10,000 of them. Larger messages (a
                // re-registration with many tasks) are gathered chunk by chunk.
                var buffer = new byte[4 * 1024];
                var registered = false;
                while (true)
                {
                    var (message, refusal) = await ReadAsync(socket, buffer, registered ? null : unregistered, stopping);
                    if (refusal is { } bad)
                    {
                        await RefuseAsync(connection, metrics, log, remote, registry.AgentIdOf(connection), bad.Status, bad.Reason);
                        await DrainAsync(socket, buffer, stopping);
                        break;
                    }

                    if (message is null)
                    {
                        break;
                    }

                    if (message.Version != AgentRegistry.ProtocolVersion)
                    {
                        await RefuseAsync(connection, metrics, log, remote, registry.AgentIdOf(connection), WebSocketCloseStatus.PolicyViolation, $"protocol version {message.Version} is not spoken here");
                        await DrainAsync(socket, buffer, stopping);
                        break;
                    }

                    var agentId = registry.AgentIdOf(connection);
                    if (AgentMessageRules.Refusal(message, registered, agentId) is { } reason)
                    {
                        await RefuseAsync(connection, metrics, log, remote, agentId, WebSocketCloseStatus.PolicyViolation, reason);
                        await DrainAsync(socket, buffer, stopping);
                        break;
                    }

                    if (message.BodyCase is AgentMessage.BodyOneofCase.Register or AgentMessage.BodyOneofCase.Reregister)
                    {
                        // From here the registry decides; its own writes may take their time without the deadline.
                        registered = true;
                        Volatile.Write(ref waiting, false);
                        unregistered.Leave();
                    }

                    await ServeAsync(context, registry, connection, message, metrics, stopping);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // A broken channel ends here; the agent reconnects.
            }
            finally
            {
                await registry.DisconnectedAsync(connection);
            }
        }
        finally
        {
            if (Volatile.Read(ref waiting))
            {
                Volatile.Write(ref waiting, false);
                unregistered.Leave();
            }
        }
    }

    private static async Task ServeAsync(HttpContext context, AgentRegistry registry, WebSocketAgentConnection connection, AgentMessage message, MasterMetrics metrics, CancellationToken stopping)
    {
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
                // A status update from a channel whose registration was refused, or a body from a newer protocol: dropped.
                break;
        }
    }

    private static async Task RefuseAsync(WebSocketAgentConnection connection, MasterMetrics metrics, AgentChannelLog log, string remote, string? agentId, WebSocketCloseStatus status, string reason)
    {
        metrics.AgentChannelInvalid();
        log.Closed(remote, agentId ?? "(unregistered)", reason);
        await connection.CloseAsync(status, reason);
    }

    /// <summary>
    /// After the master's close frame: what the agent still sends is dropped until its close frame arrives (so the reason
    /// reaches it before the socket goes), or until the close grace runs out.
    /// </summary>
    private static async Task DrainAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    /// <summary>The registration deadline's close, run from a timer: the channel may have ended meanwhile.</summary>
    private static async Task CloseQuietlyAsync(WebSocketAgentConnection connection, string reason)
    {
        try
        {
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, reason);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// The next message; (null, null) when the agent closed the channel; a refusal for a frame the protocol does not
    /// allow: text, oversized, or not an <c>AgentMessage</c>. A channel not registered yet gathers a long message within
    /// the budget all such channels share (<paramref name="budget"/>); beyond it the channel is asked to try again later.
    /// </summary>
    private static async Task<(AgentMessage? Message, (WebSocketCloseStatus Status, string Reason)? Refusal)> ReadAsync(WebSocket socket, byte[] buffer, UnregisteredChannels? budget, CancellationToken cancellationToken)
    {
        var first = await socket.ReceiveAsync(buffer, cancellationToken);
        if (first.MessageType == WebSocketMessageType.Close)
        {
            return (null, null);
        }

        if (first.MessageType != WebSocketMessageType.Binary)
        {
            return (null, (WebSocketCloseStatus.InvalidMessageType, "The agent channel carries binary frames only"));
        }

        if (first.EndOfMessage)
        {
            // Most messages (pongs, status updates) fit in one chunk.
            return Parse(buffer, first.Count);
        }

        using var message = new MemoryStream();
        long reserved = 0;
        try
        {
            var chunk = first;
            while (true)
            {
                if (message.Length + chunk.Count > MaxMessageBytes)
                {
                    return (null, (WebSocketCloseStatus.MessageTooBig, $"A message is at most {MaxMessageBytes} bytes"));
                }

                if (budget is not null)
                {
                    if (!budget.TryReserve(chunk.Count))
                    {
                        return (null, (TryAgainLater, "The master is reading too many registrations at once; try again later"));
                    }

                    reserved += chunk.Count;
                }

                message.Write(buffer, 0, chunk.Count);
                if (chunk.EndOfMessage)
                {
                    return Parse(message.GetBuffer(), (int)message.Length);
                }

                chunk = await socket.ReceiveAsync(buffer, cancellationToken);
                if (chunk.MessageType == WebSocketMessageType.Close)
                {
                    return (null, null);
                }
            }
        }
        finally
        {
            budget?.Release(reserved);
        }
    }

    private static (AgentMessage?, (WebSocketCloseStatus, string)?) Parse(byte[] bytes, int count)
    {
        try
        {
            return (AgentMessage.Parser.ParseFrom(bytes, 0, count), null);
        }
        catch (InvalidProtocolBufferException)
        {
            return (null, (WebSocketCloseStatus.InvalidPayloadData, "The frame is not an AgentMessage"));
        }
    }
}
