using Microsoft.Extensions.Hosting;

namespace Drydock.Master.Registry;

/// <summary>Pings every connected agent each <c>--agent-ping-timeout</c>, on the injected clock.</summary>
internal sealed class AgentHealthService(AgentRegistry registry, RegistryOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AgentPingTimeout, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await registry.CheckHealthAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
