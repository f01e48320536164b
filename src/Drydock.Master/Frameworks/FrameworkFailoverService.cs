using Drydock.Master.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Frameworks;

/// <summary>
/// Tears down frameworks that stayed disconnected for longer than their <c>failover_timeout</c> (0, the Mesos default,
/// means at once): their tasks are killed and they move to the completed frameworks. Checked every second on the
/// injected clock.
/// </summary>
internal sealed partial class FrameworkFailoverService(
    FrameworkRegistry frameworks,
    FrameworkRemoval removal,
    LoopHealth health,
    TimeProvider time,
    ILogger<FrameworkFailoverService> logger) : BackgroundService
{
    private const string Loop = "framework_failover";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>One check: tears down every framework whose failover timeout has passed.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var framework in frameworks.FailedOver(time.GetUtcNow()))
        {
            LogFailedOver(framework.Id, framework.Info.FailoverTimeoutSeconds);
            await removal.RemoveAsync(framework.Id, "failover timeout passed", tellFramework: false, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(stoppingToken);
                    health.Succeeded(Loop);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // One failed round (a framework's kills could not be sent) must not stop the master.
                    health.Failed(Loop, e);
                    LogCheckFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Failover check failed; the next one runs as usual")]
    private partial void LogCheckFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Framework {FrameworkId} did not re-subscribe within its failover timeout ({Seconds} s); tearing it down")]
    private partial void LogFailedOver(string frameworkId, double seconds);
}
