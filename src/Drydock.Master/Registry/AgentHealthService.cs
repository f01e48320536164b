using Drydock.Master.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Registry;

/// <summary>Pings every connected agent each <c>--agent-ping-timeout</c>, on the injected clock.</summary>
internal sealed partial class AgentHealthService(AgentRegistry registry, RegistryOptions options, LoopHealth health, TimeProvider time, ILogger<AgentHealthService> logger) : BackgroundService
{
    private const string Loop = "agent_health";

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
                    health.Succeeded(Loop);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The registry may be briefly unwritable; the next round tries again. The master keeps running.
                    health.Failed(Loop, e);
                    LogRoundFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent health round failed; the next one runs as usual")]
    private partial void LogRoundFailed(Exception exception);
}
