using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Drydock.AgentProtocol.V1;
using Drydock.Protocol;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Google.Protobuf;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// An agent without a process, on the master's real agent channel: it registers (draining capable), answers pings,
/// reports TASK_RUNNING for every RunTask and TASK_KILLED for every KillTask (and for every task when told to drain),
/// and runs nothing. So the tasks it holds change state only when the master says so, which keeps the fuzz tests'
/// before/after comparisons exact. Much cheaper than a real agent process, which would run (and end) real commands.
/// </summary>
internal sealed class SimulatedAgent : IAsyncDisposable
{
    public const uint ProtocolVersion = 1;

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly TaskCompletionSource<string> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<(string Framework, string Task), bool> _tasks = new();
    private Task _loop = Task.CompletedTask;

    private SimulatedAgent(string hostname, string ip)
    {
        Hostname = hostname;
        Ip = ip;
    }

    public string Hostname { get; }

    public string Ip { get; }

    public string? AgentId { get; private set; }

    /// <summary>Why the channel ended (null while it is open).</summary>
    public string? Ended { get; private set; }

    public static AgentInfo Info(string hostname) => new(
        hostname,
        5051,
        [new Resource("cpus", Value.OfScalar(4)), new Resource("mem", Value.OfScalar(1024)), new Resource("disk", Value.OfScalar(1024))],
        []);

    /// <summary>Registers a new agent on <paramref name="hostname"/> / <paramref name="ip"/> and returns once the master answered.</summary>
    public static async Task<SimulatedAgent> RegisterAsync(Uri master, string hostname, string ip, CancellationToken cancellationToken)
    {
        var agent = new SimulatedAgent(hostname, ip);
        await agent._socket.ConnectAsync(ChannelUri(master), cancellationToken);
        await agent.SendAsync(new AgentMessage { Register = new RegisterAgent { Agent = Description(hostname, ip) } }, cancellationToken);
        agent._loop = agent.ReceiveLoopAsync();
        await agent._registered.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return agent;
    }

    public static Uri ChannelUri(Uri master) => new UriBuilder(master) { Scheme = "ws", Path = "/agent/v1/channel" }.Uri;

    /// <summary>What a real agent sends about itself: its info as JSON, its address, version and capabilities.</summary>
    public static AgentDescription Description(string hostname, string ip)
    {
        var description = new AgentDescription
        {
            AgentInfoJson = Encoding.UTF8.GetString(AgentInfoJson.Serialize(Info(hostname), null)),
            Ip = ip,
            Version = "1.12.0",
        };
        description.Capabilities.Add("MULTI_ROLE");
        description.Capabilities.Add("AGENT_DRAINING");
        return description;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _loop;
        _socket.Dispose();
        _send.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var whole = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        Ended = "closed by the master: " + result.CloseStatusDescription;
                        _registered.TrySetException(new InvalidOperationException(Ended));
                        return;
                    }

                    whole.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                await HandleAsync(MasterMessage.Parser.ParseFrom(whole.ToArray()));
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidProtocolBufferException or JsonException)
        {
            Ended = e.Message;
            _registered.TrySetException(new InvalidOperationException("channel ended: " + e.Message));
        }
    }

    private async Task HandleAsync(MasterMessage message)
    {
        switch (message.BodyCase)
        {
            case MasterMessage.BodyOneofCase.Registered:
                AgentId = message.Registered.AgentId;
                _registered.TrySetResult(AgentId);
                break;
            case MasterMessage.BodyOneofCase.Reregistered:
                AgentId = message.Reregistered.AgentId;
                _registered.TrySetResult(AgentId);
                break;
            case MasterMessage.BodyOneofCase.Ping:
                await SendAsync(new AgentMessage { Pong = new Pong() }, CancellationToken.None);
                break;
            case MasterMessage.BodyOneofCase.RunTask:
                using (var info = JsonDocument.Parse(message.RunTask.TaskInfoJson))
                {
                    var taskId = info.RootElement.GetProperty("task_id").GetProperty("value").GetString() ?? string.Empty;
                    _tasks[(message.RunTask.FrameworkId, taskId)] = true;
                    await StatusAsync(message.RunTask.FrameworkId, taskId, "TASK_RUNNING");
                }

                break;
            case MasterMessage.BodyOneofCase.KillTask:
                if (_tasks.TryRemove((message.KillTask.FrameworkId, message.KillTask.TaskId), out _))
                {
                    await StatusAsync(message.KillTask.FrameworkId, message.KillTask.TaskId, "TASK_KILLED");
                }

                break;
            case MasterMessage.BodyOneofCase.Drain:
            case MasterMessage.BodyOneofCase.ShutdownFramework:
                var framework = message.BodyCase == MasterMessage.BodyOneofCase.ShutdownFramework ? message.ShutdownFramework.FrameworkId : null;
                foreach (var key in _tasks.Keys.Where(k => framework is null || k.Framework == framework).ToArray())
                {
                    if (_tasks.TryRemove(key, out _))
                    {
                        await StatusAsync(key.Framework, key.Task, "TASK_KILLED");
                    }
                }

                break;
            default:
                break;
        }
    }

    private Task StatusAsync(string frameworkId, string taskId, string state)
    {
        var uuid = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var status = new TaskStatusMessage(taskId, state, "SOURCE_EXECUTOR", AgentId ?? string.Empty, UnixTime.Seconds(DateTimeOffset.UtcNow), uuid, null, null, taskId);
        return SendAsync(new AgentMessage { StatusUpdate = new StatusUpdate { FrameworkId = frameworkId, StatusJson = Encoding.UTF8.GetString(TaskStatusJson.Status(status)) } }, CancellationToken.None);
    }

    private async Task SendAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        message.Version = ProtocolVersion;
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
}
