using System.Diagnostics.Metrics;
using System.Text;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Hosting;
using Drydock.Master.Metrics;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Master.Tests.Registry;

/// <summary>
/// The agent health loop with a registered agent whose channel can be made to fail in a way nothing expects (the seam
/// between the master and its agents' sockets): the failed round is reported with its cause, the loop goes on, and the
/// next good round clears it; an expected I/O failure of one channel fails nothing.
/// </summary>
public sealed class AgentHealthServiceTests : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-loop-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly SqliteMasterStore _store;
    private readonly RegistryOptions _options = new() { AgentPingTimeout = TimeSpan.FromSeconds(15), MaxAgentPingTimeouts = 1000 };

    public AgentHealthServiceTests() => _store = new SqliteMasterStore(Path.Combine(_dir.FullName, "registry.db"));

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _services.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task ExecuteAsync_PingThrowsUnexpectedThenWorks_FailingWithCauseThenHealthy()
    {
        var (registry, connection) = await RegisteredAsync();
        var health = new LoopHealth(new MasterMetrics(_services.GetRequiredService<IMeterFactory>()), _time);
        using var service = new AgentHealthService(registry, _options, health, _time, NullLogger<AgentHealthService>.Instance);
        await service.StartAsync(TestContext.Current.CancellationToken);

        connection.Throw = () => new InvalidOperationException("the channel is in a state nobody expected");
        var failure = await UntilAsync(() => health.Failing.SingleOrDefault());
        var again = await UntilAsync(() => health.Failing.SingleOrDefault(f => f.ConsecutiveFailures >= 2));
        connection.Throw = null;
        var pingsBefore = connection.Pings;
        await UntilAsync(() => health.Healthy ? "healthy" : null);
        await service.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(("agent_health", "InvalidOperationException: the channel is in a state nobody expected"), (failure.Loop, failure.LastError));
        Assert.Equal(failure.Since, again.Since);
        Assert.True(connection.Pings > pingsBefore);
    }

    [Fact]
    public async Task ExecuteAsync_PingThrowsIOException_RoundSucceeds()
    {
        var (registry, connection) = await RegisteredAsync();
        var health = new LoopHealth(new MasterMetrics(_services.GetRequiredService<IMeterFactory>()), _time);
        using var service = new AgentHealthService(registry, _options, health, _time, NullLogger<AgentHealthService>.Instance);
        await service.StartAsync(TestContext.Current.CancellationToken);

        // A broken socket is expected: the agent is seen as disconnected when its reader ends; the round is fine.
        connection.Throw = () => new IOException("connection reset by peer");
        await UntilAsync(() => connection.Failures > 2 ? "failed sends" : null);
        await service.StopAsync(TestContext.Current.CancellationToken);

        Assert.Empty(health.Failing);
    }

    /// <summary>Moves the clock one ping interval and polls, until <paramref name="probe"/> finds something (the loop starts in the background).</summary>
    private async Task<T> UntilAsync<T>(Func<T?> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            _time.Advance(_options.AgentPingTimeout);
            for (var i = 0; i < 10; i++)
            {
                if (probe() is { } found)
                {
                    return found;
                }

                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        }

        throw new TimeoutException("the loop did not report in time");
    }

    private async Task<(AgentRegistry Registry, FlakyConnection Connection)> RegisteredAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var registrar = new Registrar(_store, NullLogger<Registrar>.Instance);
        await registrar.RecoverAsync(ct);
        var registry = new AgentRegistry(registrar, new MasterIdentity(new MasterOptions(), _time), _options, _time, NullLogger<AgentRegistry>.Instance);
        var connection = new FlakyConnection();
        var description = new AgentDescription
        {
            AgentInfoJson = Encoding.UTF8.GetString(Drydock.Protocol.Agents.AgentInfoJson.Serialize(new Drydock.Protocol.Agents.AgentInfo("host-0", 5051, [], []), null)),
            Ip = "10.1.0.1",
            Version = "1.12.0",
        };
        await registry.RegisterAsync(description, connection, ct);
        Assert.Single(registry.Agents);
        return (registry, connection);
    }

    /// <summary>A channel whose pings throw what <see cref="Throw"/> makes, while it is set.</summary>
    private sealed class FlakyConnection : IAgentConnection
    {
        private int _pings;
        private int _failures;

        public Func<Exception>? Throw { get; set; }

        public int Pings => Volatile.Read(ref _pings);

        public int Failures => Volatile.Read(ref _failures);

        public ValueTask SendAsync(MasterMessage message, CancellationToken cancellationToken)
        {
            if (message.BodyCase == MasterMessage.BodyOneofCase.Ping)
            {
                if (Throw is { } make)
                {
                    Interlocked.Increment(ref _failures);
                    throw make();
                }

                Interlocked.Increment(ref _pings);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync() => ValueTask.CompletedTask;
    }
}
