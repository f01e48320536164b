using System.Net.WebSockets;
using Drydock.AgentProtocol.V1;
using Google.Protobuf;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// One raw connection to the agent channel for the fuzz tests: sends frames as given (binary or text, whole or cut)
/// and reports what the master did within a short wait: answered with a registration, closed the channel, or neither.
/// </summary>
internal static class ChannelProbe
{
    /// <summary>How the master answered a probe.</summary>
    public enum Outcome
    {
        /// <summary>It sent AgentRegistered or AgentReregistered: the frames were taken (the books may have changed).</summary>
        Registered,

        /// <summary>It closed the channel (or the connection broke).</summary>
        Closed,

        /// <summary>Nothing within the wait (the channel stays open until the probe closes it).</summary>
        Silent,

        /// <summary>The WebSocket upgrade itself was refused.</summary>
        Refused,
    }

    /// <summary>Frames to send: bytes, whether as a text frame, and whether the frame is left unfinished (endOfMessage false).</summary>
    public sealed record Frame(byte[] Bytes, bool Text = false, bool Unfinished = false);

    public static async Task<Outcome> SendAsync(Uri master, IReadOnlyList<Frame> frames, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(SimulatedAgent.ChannelUri(master), cancellationToken);
        }
        catch (WebSocketException)
        {
            return Outcome.Refused;
        }

        try
        {
            foreach (var frame in frames)
            {
                await socket.SendAsync(frame.Bytes, frame.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: !frame.Unfinished, cancellationToken);
                if (frame.Unfinished)
                {
                    break;
                }
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            var buffer = new byte[64 * 1024];
            while (true)
            {
                using var whole = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, timeout.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return Outcome.Closed;
                    }

                    whole.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                var message = MasterMessage.Parser.ParseFrom(whole.ToArray());
                if (message.BodyCase is MasterMessage.BodyOneofCase.Registered or MasterMessage.BodyOneofCase.Reregistered)
                {
                    return Outcome.Registered;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome.Silent;
        }
        catch (Exception e) when (e is WebSocketException or InvalidProtocolBufferException or IOException)
        {
            return Outcome.Closed;
        }
        finally
        {
            socket.Abort();
        }
    }
}
