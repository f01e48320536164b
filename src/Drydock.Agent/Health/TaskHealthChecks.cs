using System.Collections.Concurrent;
using System.Net;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Health;

/// <summary>
/// The health checks of the agent's running tasks, one <see cref="HealthChecker"/> each, run in the agent process.
/// HTTP and TCP checks go to 127.0.0.1 (::1 for IPv6), as Mesos's do; on an agent that itself listens on another
/// loopback address (a <c>drydock dev</c> cluster on 127.0.0.x), to that address, where its tasks listen.
/// </summary>
internal sealed partial class TaskHealthChecks(TimeProvider time, string? agentIp, ILoggerFactory loggers) : IDisposable
{
    private readonly ConcurrentDictionary<(string Framework, string Task), CancellationTokenSource> _running = new();
    private readonly ILogger _logger = loggers.CreateLogger<TaskHealthChecks>();
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        // As Mesos's curl -k: the check only ever calls a loopback address, and a task's own certificate is not the
        // agent's to judge.
#pragma warning disable CA5359
        SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
#pragma warning restore CA5359
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Starts checking a task (replacing any checker it had). <paramref name="lastReportedHealthy"/> is the health its
    /// last update reported, for a task recovered after an agent restart.
    /// </summary>
    public void Start(
        (string Framework, string Task) key,
        HealthCheckInfo check,
        string sandbox,
        IReadOnlyDictionary<string, string> environment,
        DateTimeOffset taskStartedAt,
        bool? lastReportedHealthy,
        Func<HealthUpdate, Task> publish)
    {
        var stop = new CancellationTokenSource();
        if (_running.TryGetValue(key, out var previous))
        {
            previous.Cancel();
        }

        _running[key] = stop;
        var checker = new HealthChecker(key.Task, check, CreateProbe(check, sandbox, environment), new HealthTracker(check, taskStartedAt, lastReportedHealthy), taskStartedAt, time, publish, _logger);
        LogStarted(key.Task, check.Type ?? "UNKNOWN");
        _ = Task.Run(async () =>
        {
            try
            {
                await checker.RunAsync(stop.Token);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // A failed publish (a full disk) ends this task's checks; the agent and the task go on.
                LogCheckerFailed(key.Task, e);
            }
        });
    }

    /// <summary>Stops checking a task (it ended, or is being killed).</summary>
    public void Stop((string Framework, string Task) key)
    {
        if (_running.TryRemove(key, out var stop))
        {
            // Not disposed: the checker may be inside its last update (the one that kills its task) and still read it.
            stop.Cancel();
        }
    }

    public IHealthProbe CreateProbe(HealthCheckInfo check, string sandbox, IReadOnlyDictionary<string, string> environment)
    {
        var address = Address(check.IPv6);
        return check.Type switch
        {
            "COMMAND" => new CommandProbe(check.Command ?? string.Empty, check.Shell, check.Arguments, sandbox, Merge(environment, check.Environment)),
            "HTTP" => new HttpProbe(_http, new UriBuilder(check.Scheme ?? "http", address.ToString(), (int)check.Port, check.Path ?? string.Empty).Uri),
            _ => new TcpProbe(address, (int)check.Port),
        };
    }

    public void Dispose()
    {
        foreach (var key in _running.Keys)
        {
            Stop(key);
        }

        _http.Dispose();
    }

    private IPAddress Address(bool ipv6) =>
        ipv6 ? IPAddress.IPv6Loopback
        : IPAddress.TryParse(agentIp, out var ip) && IPAddress.IsLoopback(ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? ip
        : IPAddress.Loopback;

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> task, IReadOnlyDictionary<string, string> check)
    {
        var merged = new Dictionary<string, string>(task, StringComparer.Ordinal);
        foreach (var (key, value) in check)
        {
            merged[key] = value;
        }

        return merged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Health checking task {TaskId} ({Type})")]
    private partial void LogStarted(string taskId, string type);

    [LoggerMessage(Level = LogLevel.Error, Message = "The health checks of task {TaskId} stopped")]
    private partial void LogCheckerFailed(string taskId, Exception exception);
}
