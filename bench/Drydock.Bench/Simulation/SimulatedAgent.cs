using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Google.Protobuf;

namespace Drydock.Bench.Simulation;

/// <summary>
/// An agent without a process: one WebSocket to the master's agent channel speaking the real protocol. It registers,
/// answers pings, reports TASK_RUNNING for every RunTask and TASK_KILLED for every KillTask of a task it holds, and
/// runs nothing. Thousands share one process: there is no thread per agent, only an async receive loop, and each agent
/// owns one small receive buffer.
/// </summary>
internal sealed class SimulatedAgent : IAsyncDisposable
{
    /// <summary>Every simulated agent says it listens on this port, as a real agent's default.</summary>
    public const int Port = 5051;

    private const int BufferBytes = 1024;

    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly TaskCompletionSource<string> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HashSet<(string Framework, string Task)>? _tasks;
    private Task _loop = Task.CompletedTask;
    private int _pings;
    private int _launches;
    private int _kills;
    private int _acknowledgements;

    public SimulatedAgent(int index, IReadOnlyList<Resource> resources)
    {
        Index = index;
        Machine = MachineOf(index);
        Resources = resources;
    }

    public int Index { get; }

    /// <summary>The agent's machine: hostname <c>sim-NNNNN</c> and its own loopback-style address.</summary>
    public (string Hostname, string Ip) Machine { get; }

    public IReadOnlyList<Resource> Resources { get; }

    /// <summary>The id the master gave this agent; null until it registered.</summary>
    public string? AgentId { get; private set; }

    /// <summary>Stopwatch timestamps: connect began, Register sent, AgentRegistered received (0 until it happened).</summary>
    public long ConnectStarted { get; private set; }

    public long RegisterSent { get; private set; }

    public long Registered { get; private set; }

    /// <summary>The master's ShutdownAgent message, if it sent one.</summary>
    public string? ShutdownMessage { get; private set; }

    /// <summary>Why the channel ended, once it did (null while it is open).</summary>
    public string? Ended { get; private set; }

    public int Pings => Volatile.Read(ref _pings);

    public int Launches => Volatile.Read(ref _launches);

    public int Kills => Volatile.Read(ref _kills);

    public int Acknowledgements => Volatile.Read(ref _acknowledgements);

    /// <summary>Hostname and address of the agent with this index: <c>sim-00042</c> at <c>127.1.0.42</c>.</summary>
    public static (string Hostname, string Ip) MachineOf(int index) => (
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"sim-{index:00000}"),
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"127.{1 + (index / 65536)}.{index / 256 % 256}.{index % 256}"));

    /// <summary>
    /// Opens the channel, sends Register and returns once the master answered AgentRegistered. Throws if the master
    /// shut the agent down or closed the channel instead.
    /// </summary>
    public async Task RegisterAsync(Uri master, HttpMessageInvoker invoker, CancellationToken cancellationToken)
    {
        var channel = new UriBuilder(master) { Scheme = master.Scheme == "https" ? "wss" : "ws", Path = "/agent/v1/channel" }.Uri;
        // The master's pings are the health signal; transport keep-alives from 10,000 sockets would only add noise.
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _socket.Options.SetBuffer(BufferBytes, BufferBytes);
        ConnectStarted = Stopwatch.GetTimestamp();
        await _socket.ConnectAsync(channel, invoker, cancellationToken);

        var description = new AgentDescription
        {
            AgentInfoJson = Encoding.UTF8.GetString(AgentInfoJson.Serialize(new AgentInfo(Machine.Hostname, Port, Resources, []), null)),
            Ip = Machine.Ip,
            Version = "1.12.0",
        };
        description.Capabilities.Add("MULTI_ROLE");
        RegisterSent = Stopwatch.GetTimestamp();
        await SendAsync(new AgentMessage { Register = new RegisterAgent { Agent = description } }, cancellationToken);

        // From here on only the receive loop sends, so sends never overlap.
        _loop = ReceiveLoopAsync();
        await _registered.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the channel at once, as a crashed agent would; the master sees a disconnect.</summary>
    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _loop;
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReceiveAsync() is { } message)
            {
                switch (message.BodyCase)
                {
                    case MasterMessage.BodyOneofCase.Registered:
                        OnRegistered(message.Registered.AgentId);
                        break;
                    case MasterMessage.BodyOneofCase.Reregistered:
                        OnRegistered(message.Reregistered.AgentId);
                        break;
                    case MasterMessage.BodyOneofCase.Ping:
                        Interlocked.Increment(ref _pings);
                        await SendAsync(new AgentMessage { Pong = new Pong() }, CancellationToken.None);
                        break;
                    case MasterMessage.BodyOneofCase.RunTask:
                        await RunAsync(message.RunTask);
                        break;
                    case MasterMessage.BodyOneofCase.KillTask:
                        await KillAsync(message.KillTask);
                        break;
                    case MasterMessage.BodyOneofCase.StatusUpdateAck:
                        Interlocked.Increment(ref _acknowledgements);
                        break;
                    case MasterMessage.BodyOneofCase.Shutdown:
                        ShutdownMessage = message.Shutdown.Message;
                        Ended = "shut down by the master: " + ShutdownMessage;
                        _registered.TrySetException(new InvalidOperationException($"{Machine.Hostname}: {Ended}"));
                        return;
                    default:
                        break;
                }
            }

            Ended = "closed by the master";
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidProtocolBufferException
            or JsonException or KeyNotFoundException)
        {
            Ended = e.Message;
        }

        _registered.TrySetException(new InvalidOperationException($"{Machine.Hostname}: channel ended before AgentRegistered ({Ended})"));
    }

    private void OnRegistered(string agentId)
    {
        AgentId = agentId;
        if (Registered == 0)
        {
            Registered = Stopwatch.GetTimestamp();
        }

        _registered.TrySetResult(agentId);
    }

    private async Task RunAsync(RunTask run)
    {
        using var info = JsonDocument.Parse(run.TaskInfoJson);
        var taskId = info.RootElement.GetProperty("task_id").GetProperty("value").GetString() ?? string.Empty;
        (_tasks ??= []).Add((run.FrameworkId, taskId));
        Interlocked.Increment(ref _launches);
        await SendStatusAsync(run.FrameworkId, taskId, "TASK_RUNNING");
    }

    private async Task KillAsync(KillTask kill)
    {
        if (_tasks is not null && _tasks.Remove((kill.FrameworkId, kill.TaskId)))
        {
            Interlocked.Increment(ref _kills);
            await SendStatusAsync(kill.FrameworkId, kill.TaskId, "TASK_KILLED");
        }
    }

    /// <summary>An update as the real agent makes it: a fresh base64 uuid, the executor named after the task.</summary>
    private Task SendStatusAsync(string frameworkId, string taskId, string state)
    {
        var uuid = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var status = new TaskStatusMessage(taskId, state, "SOURCE_EXECUTOR", AgentId ?? string.Empty, UnixTime.Seconds(DateTimeOffset.UtcNow), uuid, null, null, taskId);
        return SendAsync(
            new AgentMessage { StatusUpdate = new StatusUpdate { FrameworkId = frameworkId, StatusJson = Encoding.UTF8.GetString(TaskStatusJson.Status(status)) } },
            CancellationToken.None);
    }

    private async Task SendAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        message.Version = AgentRegistry.ProtocolVersion;
        await _socket.SendAsync(message.ToByteArray(), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
    }

    /// <summary>The next message, or null when the master closed the channel.</summary>
    private async Task<MasterMessage?> ReceiveAsync()
    {
        var result = await _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return null;
        }

        if (result.EndOfMessage)
        {
            return MasterMessage.Parser.ParseFrom(_buffer, 0, result.Count);
        }

        // A message longer than the buffer (a RunTask with a large task info) is assembled in a growing one.
        var whole = new ArrayBufferWriter<byte>(BufferBytes * 4);
        whole.Write(_buffer.AsSpan(0, result.Count));
        while (!result.EndOfMessage)
        {
            result = await _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            whole.Write(_buffer.AsSpan(0, result.Count));
        }

        return MasterMessage.Parser.ParseFrom(whole.WrittenSpan);
    }
}
