using Drydock.Master.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Registry;

/// <summary>Pings every connected agent each <c>--agent-ping-timeout</c>, on the injected clock.</summary>
internal sealed partial class AgentHealthService(AgentRegistry registry, RegistryOptions options, MasterMetrics metrics, TimeProvider time, ILogger<AgentHealthService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AgentPingTimeout, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await registry.CheckHealthAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The registry may be briefly unwritable; the next round tries again. The master keeps running.
                    metrics.LoopFailed("agent_health");
                    LogRoundFailed(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent health round failed: {Reason}")]
    private partial void LogRoundFailed(string reason);
}
