using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using Drydock.Agent.Checkpoint;
using Drydock.Agent.Http;
using Drydock.Agent.Recovery;
using Drydock.Agent.Registration;
using Drydock.Agent.Tasks;
using Drydock.AgentProtocol.V1;
using Drydock.Protocol.Agents;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Hosting;

/// <summary>
/// One run of an agent: recover its identity from the work dir, register (or re-register) with the master, answer
/// pings, and stop on SIGTERM (socket closed; the master sees a disconnect), on SIGUSR1 (unregister first, as Mesos
/// does) or when the master shuts it down.
/// </summary>
internal sealed partial class AgentRuntime(AgentOptions options, TimeProvider time, ILoggerFactory loggers) : IDisposable
{
    public const int ExitOk = 0;
    public const int ExitRecoveryFailed = 1;
    public const int ExitBindFailed = 1;

    private static readonly TimeSpan MaxBackoff = ReconnectBackoff.Max;

    private readonly ILogger<AgentRuntime> _logger = loggers.CreateLogger<AgentRuntime>();
    private readonly AgentPaths _paths = new(options.WorkDir);
    private readonly AgentInfo _info = new(options.Hostname, options.Port, options.Resources, options.Attributes);
    private readonly CancellationTokenSource _unregister = new();
    private readonly ReconnectBackoff _backoff = new(options.RegistrationBackoffFactor);
    private string? _agentId;
    private volatile MasterChannel? _channel;
    private volatile bool _leaving;
    private TaskRunner? _tasks;

    /// <summary>The id the master gave this agent, once registered.</summary>
    public string? AgentId => _agentId;

    /// <summary>Raised after each (re-)registration with the agent id. Handlers must not throw.</summary>
    public event Action<string>? Registered;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        using var usr1 = options.HandleSignals
            ? PosixSignalRegistration.Create((PosixSignal)10, context =>
            {
                context.Cancel = true;
                LogSignal("SIGUSR1");
                _ = UnregisterAndStopAsync();
            })
            : null;

        // Bound first, as Mesos does: an agent whose port is taken stops before it touches its work dir.
        AgentHttpServer http;
        try
        {
            http = await AgentHttpServer.StartAsync(new AgentView(options, () => _agentId, () => _channel is not null, time.GetUtcNow()), _paths, loggers, stop);
        }
        catch (AgentBindException e)
        {
            LogBindFailed(e.Message);
            return ExitBindFailed;
        }

        await using var serving = http;
        LogListening(options.Ip, options.Port);
        switch (RecoveryPlanner.Plan(_paths, _info, options.Policy, BootId.Current()))
        {
            case RecoveryPlan.Refuse refuse:
                // The operator reads the short message on the terminal; the log keeps the whole story.
                await Console.Error.WriteLineAsync(refuse.Message);
                LogRecoveryFailed(refuse.Detail ?? refuse.Message.ReplaceLineEndings(" "));
                return ExitRecoveryFailed;
            case RecoveryPlan.StartOverAfterReboot reboot:
                LogStartOver(reboot.OldAgentId, string.Join("; ", reboot.Problems));
                File.Delete(_paths.Latest);
                break;
            case RecoveryPlan.Resume resume:
                _agentId = resume.AgentId;
                await StartTasksAsync(resume.AgentId);
                LogRecovered(resume.AgentId);
                break;
            case RecoveryPlan.Fresh fresh:
                LogFresh(fresh.Reason);
                break;
        }

        // Tasks of agent ids this run does not go on with would run on, untracked, beside their replacements.
        await new LeftoverTasks(_paths, time, loggers.CreateLogger<LeftoverTasks>()).KillAsync(_agentId, BootId.Current(), CancellationToken.None);
        AtomicFile.WriteAllText(_paths.BootIdFile, BootId.Current());
        if (options.HandleSignals)
        {
            // Recovered and about to join: under systemd the unit is now active (the master may still be away).
            SystemdNotify.Send("READY=1\nSTATUS=Registering with " + options.Master.Authority);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _unregister.Token);
        while (!linked.IsCancellationRequested)
        {
            try
            {
                await using var channel = await MasterChannel.ConnectAsync(options.Master, linked.Token);
                _channel = channel;
                var outcome = await ServeAsync(channel, linked.Token);
                _channel = null;
                if (outcome is { } exitCode)
                {
                    return exitCode;
                }

                if (_leaving)
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or InvalidProtocolBufferException or IOException)
            {
                if (_leaving)
                {
                    break;
                }

                LogMasterUnavailable(options.Master.ToString(), e.Message);
            }
            catch (Exception e) when (!linked.IsCancellationRequested && !_leaving)
            {
                // A bug in serving one channel (or a checkpoint that could not be written) must not stop the agent and
                // leave its tasks unreported: it is logged with its cause and the agent reconnects, as after a broken channel.
                _channel = null;
                LogChannelFailed(e);
            }

            // The count starts again at each successful (re-)registration (ServeAsync resets it), not when a channel ends:
            // a master that keeps closing channels before answering is met with ever longer waits.
            var delay = _backoff.Next();
            var seconds = Math.Round(delay.TotalSeconds, 3);
            LogRetrying(seconds, _backoff.Attempt);
            try
            {
                await Task.Delay(delay, time, linked.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (options.HandleSignals)
        {
            SystemdNotify.Send("STOPPING=1");
        }

        if (options.KillTasksOnStop && _tasks is { } tasks && stop.IsCancellationRequested)
        {
            // Nothing is to outlive this agent: each task gets its own grace period (at most 5 s), and the agent waits
            // until every supervisor has recorded its task's end.
            LogKillingOnStop();
            await tasks.KillAllAsync(TimeSpan.FromSeconds(5));
        }

        LogStopped();
        return ExitOk;
    }

    /// <summary>Serves one channel; returns an exit code to stop the agent, or null to reconnect.</summary>
    private async Task<int?> ServeAsync(MasterChannel channel, CancellationToken cancellationToken)
    {
        var description = new AgentDescription
        {
            AgentInfoJson = Encoding.UTF8.GetString(AgentInfoJson.Serialize(_info, null)),
            Ip = options.Ip,
            Version = "1.12.0",
        };
        description.Capabilities.Add("MULTI_ROLE");
        description.Capabilities.Add("AGENT_DRAINING");

        if (_agentId is { } id)
        {
            var reregister = new ReregisterAgent { AgentId = id, Agent = description };
            reregister.Tasks.AddRange(_tasks?.Report() ?? []);
            await channel.SendAsync(m => m.Reregister = reregister, cancellationToken);
        }
        else
        {
            await channel.SendAsync(m => m.Register = new RegisterAgent { Agent = description }, cancellationToken);
        }

        var silence = MaxBackoff;
        while (true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(silence);
            MasterMessage? message;
            try
            {
                message = await channel.ReceiveAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LogNoPing(silence.TotalSeconds);
                return null;
            }

            switch (message?.BodyCase)
            {
                case null:
                    return null;
                case MasterMessage.BodyOneofCase.Registered:
                    Checkpoint(message.Registered.AgentId);
                    silence = TimeSpan.FromSeconds(message.Registered.TotalPingTimeoutSeconds);
                    LogRegistered(message.Registered.AgentId, message.Registered.MasterId);
                    _backoff.Reset();
                    await StartTasksAsync(message.Registered.AgentId);
                    Attach(channel);
                    Registered?.Invoke(message.Registered.AgentId);
                    break;
                case MasterMessage.BodyOneofCase.Reregistered:
                    silence = TimeSpan.FromSeconds(message.Reregistered.TotalPingTimeoutSeconds);
                    LogReregistered(message.Reregistered.AgentId, message.Reregistered.MasterId);
                    _backoff.Reset();
                    Attach(channel);
                    Registered?.Invoke(message.Reregistered.AgentId);
                    await (_tasks?.ResendAsync() ?? Task.CompletedTask);
                    break;
                case MasterMessage.BodyOneofCase.RunTask when _tasks is not null:
                    RememberFramework(message.RunTask);
                    _tasks.BeginLaunch(message.RunTask);
                    break;
                case MasterMessage.BodyOneofCase.KillTask when _tasks is not null:
                    await _tasks.KillAsync(message.KillTask);
                    break;
                case MasterMessage.BodyOneofCase.Drain when _tasks is not null:
                    LogDrainRequested(message.Drain.MarkGone);
                    _tasks.BeginDrain(message.Drain);
                    break;
                case MasterMessage.BodyOneofCase.DrainEnded when _tasks is not null:
                    _tasks.EndDrain();
                    break;
                case MasterMessage.BodyOneofCase.ShutdownFramework when _tasks is not null:
                    _tasks.BeginShutdownFramework(message.ShutdownFramework.FrameworkId);
                    break;
                case MasterMessage.BodyOneofCase.StatusUpdateAck when _tasks is not null:
                    _tasks.BeginAcknowledge(message.StatusUpdateAck);
                    break;
                case MasterMessage.BodyOneofCase.Ping:
                    await channel.SendAsync(m => m.Pong = new Pong(), cancellationToken);
                    if (!message.Ping.Connected)
                    {
                        return null;
                    }

                    break;
                case MasterMessage.BodyOneofCase.Shutdown:
                    LogShutdownByMaster(message.Shutdown.Message);
                    await (_tasks?.KillAllAsync(TimeSpan.FromSeconds(5)) ?? Task.CompletedTask);
                    return ExitOk;
                default:
                    break;
            }
        }
    }

    private async Task StartTasksAsync(string agentId)
    {
        if (_tasks is null)
        {
            _tasks = new TaskRunner(_paths, agentId, options.Hostname, time, loggers, options.Ip);
            await _tasks.StartAsync();
        }
    }

    private void Attach(MasterChannel channel)
    {
        if (_tasks is not null)
        {
            _tasks.Send = message => channel.SendAsync(m => m.StatusUpdate = message.StatusUpdate, CancellationToken.None);
        }
    }

    /// <summary>Keeps the framework's info for <c>/state</c> (not flushed: it only describes, nothing recovers from it).</summary>
    private void RememberFramework(RunTask run)
    {
        if (_agentId is { } id && run.FrameworkInfoJson.Length > 0)
        {
            AtomicFile.WriteAllText(_paths.FrameworkInfoFile(id, run.FrameworkId), run.FrameworkInfoJson, durable: false);
        }
    }

    private void Checkpoint(string agentId)
    {
        _agentId = agentId;
        AtomicFile.WriteAllBytes(_paths.AgentInfoFile(agentId), AgentInfoJson.Serialize(_info, agentId));
        AtomicFile.ReplaceSymlink(_paths.Latest, _paths.AgentMetaDir(agentId));
    }

    /// <summary>
    /// SIGUSR1: tell the master on the open channel that this agent leaves, so it is removed at once, then stop.
    /// The send runs beside the pending receive; cancelling a receive would abort the socket before the message left.
    /// </summary>
    private async Task UnregisterAndStopAsync()
    {
        // As Mesos: unregister first (the master removes the agent and reports its tasks lost), then kill the tasks.
        _leaving = true;
        if (_channel is { } channel && _agentId is { } id)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await channel.SendAsync(m => m.Unregister = new UnregisterAgent { AgentId = id }, timeout.Token);
                LogUnregistered(id);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                LogMasterUnavailable(options.Master.ToString(), e.Message);
            }
        }

        if (_tasks is { } tasks)
        {
            await tasks.KillAllAsync(TimeSpan.FromSeconds(5));
        }

        if (_channel is { } open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await open.CloseOutputAsync(timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        // The receive loop ends when the master closes its side; stop anyway if it does not.
        _unregister.CancelAfter(TimeSpan.FromSeconds(5));
        if (_channel is null)
        {
            await _unregister.CancelAsync();
        }
    }

    public void Dispose()
    {
        _unregister.Dispose();
        _tasks?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private partial void LogRecoveryFailed(string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private partial void LogBindFailed(string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent API listening on http://{Ip}:{Port}")]
    private partial void LogListening(string ip, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host rebooted and the agent info of {OldAgentId} changed ({Problems}); registering as a new agent")]
    private partial void LogStartOver(string oldAgentId, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered agent {AgentId}; re-registering")]
    private partial void LogRecovered(string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting as a new agent ({Reason})")]
    private partial void LogFresh(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered with master {MasterId} as agent {AgentId}")]
    private partial void LogRegistered(string agentId, string masterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-registered with master {MasterId} as agent {AgentId}")]
    private partial void LogReregistered(string agentId, string masterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Master {Master} unavailable: {Reason}")]
    private partial void LogMasterUnavailable(string master, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Serving the master channel failed; reconnecting")]
    private partial void LogChannelFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registering again in {Seconds} s (attempt {Attempt} since the last registration)")]
    private partial void LogRetrying(double seconds, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No ping from the master for {Seconds} s; re-registering")]
    private partial void LogNoPing(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drain requested by the master (mark gone: {MarkGone})")]
    private partial void LogDrainRequested(bool markGone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown requested by the master: {Reason}")]
    private partial void LogShutdownByMaster(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Received {Signal}")]
    private partial void LogSignal(string signal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unregistered agent {AgentId} from the master")]
    private partial void LogUnregistered(string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: killing every task")]
    private partial void LogKillingOnStop();

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent stopped")]
    private partial void LogStopped();
}
