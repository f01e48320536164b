using Drydock.Master.Frameworks;
using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Master.Tests.Frameworks;

public sealed class FrameworkRegistryTests : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-frameworks-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly SqliteMasterStore _store;
    private readonly Registrar _registrar;

    public FrameworkRegistryTests()
    {
        _store = new SqliteMasterStore(Path.Combine(_dir.FullName, "registry.db"));
        _registrar = new Registrar(_store, NullLogger<Registrar>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _registrar.Dispose();
        await _store.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    private FrameworkRegistry Registry(int maxCompleted = 50) => new(
        new MasterIdentity(new MasterOptions(), _time), _registrar, new SchedulerOptions { MaxCompletedFrameworks = maxCompleted }, _time, NullLogger<FrameworkRegistry>.Instance);

    [Fact]
    public async Task SubscribeAsync_NewFramework_StoredBeforeItIsPublished()
    {
        await _registrar.RecoverAsync(TestContext.Current.CancellationToken);
        var registry = Registry();

        var framework = await registry.SubscribeAsync(new FrameworkInfo { User = "root", Name = "svc", FailoverTimeoutSeconds = 60 }, TestContext.Current.CancellationToken);

        var stored = _registrar.Current.Frameworks[framework.Id];
        Assert.Equal(_time.GetUtcNow(), stored.RegisteredTime);
        Assert.Equal("svc", FrameworkInfoJson.Parse(stored.InfoJson).Value!.Name);
        Assert.True(framework.Connected);
    }

    [Fact]
    public async Task Recover_StoredFramework_RecoveredAndFailsOverFromTheMastersStart()
    {
        await _registrar.RecoverAsync(TestContext.Current.CancellationToken);
        var first = Registry();
        var subscribed = await first.SubscribeAsync(new FrameworkInfo { User = "root", Name = "svc", FailoverTimeoutSeconds = 10 }, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromHours(1));

        var restarted = Registry();
        restarted.Recover(_registrar.Current.Frameworks.Values);
        var recovered = restarted.Frameworks[subscribed.Id];
        var early = restarted.FailedOver(_time.GetUtcNow() + TimeSpan.FromSeconds(9));
        var late = restarted.FailedOver(_time.GetUtcNow() + TimeSpan.FromSeconds(10));

        Assert.True(recovered.Recovered);
        Assert.False(recovered.Connected);
        Assert.Equal(subscribed.RegisteredTime, recovered.RegisteredTime);
        Assert.Empty(early);
        Assert.Equal([subscribed.Id], late.Select(f => f.Id));
    }

    [Fact]
    public async Task Remove_BeyondTheLimit_OldestCompletedEvicted()
    {
        await _registrar.RecoverAsync(TestContext.Current.CancellationToken);
        var registry = Registry(maxCompleted: 1);
        var a = await registry.SubscribeAsync(new FrameworkInfo { User = "root", Name = "a" }, TestContext.Current.CancellationToken);
        var b = await registry.SubscribeAsync(new FrameworkInfo { User = "root", Name = "b" }, TestContext.Current.CancellationToken);

        var first = registry.Remove(a.Id, null);
        var second = registry.Remove(b.Id, null);
        var again = registry.Remove(b.Id, null);

        Assert.Empty(first!);
        Assert.Equal([a.Id], second);
        Assert.Null(again);
        Assert.Equal([b.Id], registry.Completed.Select(f => f.Id));
        Assert.Empty(registry.Frameworks);
    }
}
