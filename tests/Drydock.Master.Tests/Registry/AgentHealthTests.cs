using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Maintenance;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Master.Tests.Registry;

/// <summary>Marking agents unreachable on the injected clock, against a real registry file.</summary>
public sealed class AgentHealthTests : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-health-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<IAsyncDisposable> _stores = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _dir.Delete(recursive: true);
    }

    /// <summary>A registry that, as after a master restart, knows <paramref name="agents"/> from the durable state only.</summary>
    private async Task<(AgentRegistry Registry, Registrar Registrar)> RecoveredAsync(RegistryOptions options, params string[] agents)
    {
        var store = new SqliteMasterStore(Path.Combine(_dir.FullName, "registry.db"));
        _stores.Add(store);
        var registrar = new Registrar(store, NullLogger<Registrar>.Instance);
        await registrar.RecoverAsync(TestContext.Current.CancellationToken);
        foreach (var id in agents)
        {
            var agent = new AdmittedAgent(id, new AgentInfo("host-" + id, 5051, [], []), new MachineId("host-" + id, "10.0.0.1"));
            await registrar.TryApplyAsync(_ => Decision.Apply(new AdmitAgentOperation(agent)), TestContext.Current.CancellationToken);
        }

        var identity = new MasterIdentity(new MasterOptions(), _time);
        return (new AgentRegistry(registrar, identity, options, _time, NullLogger<AgentRegistry>.Instance), registrar);
    }

    [Fact]
    public async Task RecoveredAgent_NotBackWithinReregisterTimeout_MarkedUnreachableDurably()
    {
        var (registry, registrar) = await RecoveredAsync(new RegistryOptions { AgentReregisterTimeout = TimeSpan.FromMinutes(10) }, "m-S0");
        var marked = new List<(string Id, DateTimeOffset Since)>();
        registry.MarkedUnreachable += (id, _, since, _) => marked.Add((id, since));

        _time.Advance(TimeSpan.FromMinutes(9));
        await registry.CheckHealthAsync(TestContext.Current.CancellationToken);
        var early = marked.Count;
        _time.Advance(TimeSpan.FromMinutes(1));
        await registry.CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, early);
        Assert.Equal(("m-S0", _time.GetUtcNow()), Assert.Single(marked));
        Assert.Empty(registrar.Current.Agents);
        Assert.Equal(_time.GetUtcNow(), registrar.Current.Unreachable["m-S0"].Since);
        Assert.Empty(registry.Recovered);
    }

    [Fact]
    public async Task RemovalRateLimit_OnePerHour_MarksTheSecondAgentAnHourLater()
    {
        var options = new RegistryOptions { AgentReregisterTimeout = TimeSpan.FromMinutes(10), AgentRemovalRateLimit = new RemovalRateLimit(1, TimeSpan.FromHours(1)) };
        var (registry, registrar) = await RecoveredAsync(options, "m-S0", "m-S1");

        _time.Advance(TimeSpan.FromMinutes(10));
        await registry.CheckHealthAsync(TestContext.Current.CancellationToken);
        var first = registrar.Current.Unreachable.Count;
        _time.Advance(TimeSpan.FromMinutes(59));
        await registry.CheckHealthAsync(TestContext.Current.CancellationToken);
        var stillOne = registrar.Current.Unreachable.Count;
        _time.Advance(TimeSpan.FromMinutes(1));
        await registry.CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 1, 2), (first, stillOne, registrar.Current.Unreachable.Count));
    }

    [Fact]
    public void RemovalRateLimiter_NoLimit_AlwaysGrants()
    {
        var limiter = new RemovalRateLimiter(null);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(limiter.TryAcquire(DateTimeOffset.UnixEpoch)));
    }
}
