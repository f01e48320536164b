using System.Diagnostics;
using System.Text;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Hosting;
using Drydock.Master.Registry;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Bench;

/// <summary>
/// A master in the benchmark's process, on a free port in a temporary work dir, whose agents are registered through its
/// registry (each admission committed to SQLite, as over the channel) on stand-in channels that drop what the master
/// sends. For figures of the master's own work without the cost of thousands of sockets.
/// </summary>
internal sealed class InProcessMaster : IAsyncDisposable
{
    private readonly DirectoryInfo _workDir;

    private InProcessMaster(MasterHost host, DirectoryInfo workDir)
    {
        Host = host;
        _workDir = workDir;
    }

    public MasterHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<InProcessMaster> StartAsync(TimeSpan? allocationInterval = null)
    {
        var workDir = Directory.CreateTempSubdirectory("drydock-bench-master-");
        var settings = new MasterSettings { Port = 0, WorkDir = workDir.FullName, LogLevel = "error" };
        if (allocationInterval is { } interval)
        {
            settings = settings with { AllocationInterval = interval };
        }

        var host = MasterHost.Create(settings, logging => { });
        await host.StartAsync();
        return new InProcessMaster(host, workDir);
    }

    /// <summary>
    /// Registers <paramref name="count"/> agents (<c>sim-NNNNN</c> at <c>10.x.y.z</c>), at most <paramref name="inFlight"/>
    /// at once (1: one after another), and returns how long it took.
    /// </summary>
    public async Task<TimeSpan> RegisterAgentsAsync(int count, IReadOnlyList<Resource> resources, int inFlight)
    {
        var registry = Services.GetRequiredService<AgentRegistry>();
        var watch = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(inFlight);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                var info = new AgentInfo($"sim-{i:00000}", 5051, resources, []);
                var description = new AgentDescription
                {
                    AgentInfoJson = Encoding.UTF8.GetString(AgentInfoJson.Serialize(info, null)),
                    Ip = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}",
                    Version = "1.12.0",
                };
                await registry.RegisterAsync(description, new DiscardingConnection(), CancellationToken.None);
            }
            finally
            {
                slots.Release();
            }
        }));
        return watch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        _workDir.Delete(recursive: true);
    }

    /// <summary>An agent channel that drops what the master sends (registrations, pings, offers' launches).</summary>
    private sealed class DiscardingConnection : IAgentConnection
    {
        public ValueTask SendAsync(MasterMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync() => ValueTask.CompletedTask;
    }
}
