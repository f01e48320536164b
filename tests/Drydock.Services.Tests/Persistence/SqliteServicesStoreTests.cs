using Drydock.Services.Apps;
using Drydock.Services.Instances;
using Drydock.Services.Persistence;

namespace Drydock.Services.Tests.Persistence;

public sealed class SqliteServicesStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-services-store-");

    private string Database => Path.Combine(_dir.FullName, "services.db");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Commit_ThenRecoverInANewStore_EverythingIsBack()
    {
        var app = PathId.Parse("/prod/web");
        var v1 = DateTimeOffset.Parse("2026-12-01T10:00:00.123Z", System.Globalization.CultureInfo.InvariantCulture);
        var v2 = v1.AddMinutes(5);
        var instance = new Instance
        {
            Id = InstanceId.New(app),
            AppId = app,
            AppVersion = v2,
            Incarnation = 2,
            State = TaskStates.Running,
            AgentId = "a1-S0",
            Hostname = "agent-1",
            AgentIp = "127.0.0.2",
            AgentAttributes = new Dictionary<string, string> { ["rack"] = "r1" },
            HostPorts = [31001, 31002],
            StagedAt = v2.AddSeconds(1),
            StartedAt = v2.AddSeconds(2),
            Healthy = true,
        };

        await using (var store = new SqliteServicesStore(Database))
        {
            var empty = await store.RecoverAsync(TestContext.Current.CancellationToken);
            Assert.Null(empty.FrameworkId);
            Assert.Empty(empty.Apps);
            await store.CommitAsync(new ServicesChange { FrameworkId = "fw-1", Apps = [new StoredAppVersion(app, v1, "{\"v\":1}")] }, TestContext.Current.CancellationToken);
            await store.CommitAsync(
                new ServicesChange
                {
                    Apps = [new StoredAppVersion(app, v2, "{\"v\":2}")],
                    Deployments = [new StoredDeployment("d-1", "{\"id\":\"d-1\"}")],
                    Instances = [instance],
                },
                TestContext.Current.CancellationToken);
        }

        await using var reopened = new SqliteServicesStore(Database);
        var recovered = await reopened.RecoverAsync(TestContext.Current.CancellationToken);
        Assert.Equal("fw-1", recovered.FrameworkId);
        var current = Assert.Single(recovered.Apps);
        Assert.Equal(v2, current.Version);
        Assert.Equal("{\"v\":2}", current.Body);
        Assert.Equal("d-1", Assert.Single(recovered.Deployments).Id);
        var back = Assert.Single(recovered.Instances);
        Assert.Equal(instance.Id, back.Id);
        Assert.Equal(instance.HostPorts, back.HostPorts);
        Assert.Equal("r1", back.AgentAttributes["rack"]);
        Assert.Equal(instance with { AgentAttributes = back.AgentAttributes, HostPorts = back.HostPorts }, back);
        Assert.Equal([v2, v1], await reopened.VersionsAsync(app, TestContext.Current.CancellationToken));
        Assert.Equal("{\"v\":1}", await reopened.VersionAsync(app, v1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Commit_MoreThanTheKeptVersions_OldestPruned()
    {
        var app = PathId.Parse("/a");
        var start = DateTimeOffset.UnixEpoch.AddYears(56);
        await using var store = new SqliteServicesStore(Database, maxVersionsPerApp: 3);
        await store.RecoverAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            await store.CommitAsync(new ServicesChange { Apps = [new StoredAppVersion(app, start.AddSeconds(i), "{}")] }, TestContext.Current.CancellationToken);
        }

        Assert.Equal([start.AddSeconds(4), start.AddSeconds(3), start.AddSeconds(2)], await store.VersionsAsync(app, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Commit_RemovedAppDeploymentAndInstance_GoneAfterRecovery()
    {
        var app = PathId.Parse("/a");
        var instance = new Instance { Id = InstanceId.New(app), AppId = app, AppVersion = DateTimeOffset.UnixEpoch };
        await using (var store = new SqliteServicesStore(Database))
        {
            await store.RecoverAsync(TestContext.Current.CancellationToken);
            await store.CommitAsync(new ServicesChange { Apps = [new StoredAppVersion(app, DateTimeOffset.UnixEpoch, "{}")], Deployments = [new StoredDeployment("d", "{}")], Instances = [instance] }, TestContext.Current.CancellationToken);
            await store.CommitAsync(new ServicesChange { RemovedApps = [app], RemovedDeployments = ["d"], RemovedInstances = [instance.Id] }, TestContext.Current.CancellationToken);
        }

        await using var reopened = new SqliteServicesStore(Database);
        var recovered = await reopened.RecoverAsync(TestContext.Current.CancellationToken);
        Assert.Empty(recovered.Apps);
        Assert.Empty(recovered.Deployments);
        Assert.Empty(recovered.Instances);
        Assert.Empty(await reopened.VersionsAsync(app, TestContext.Current.CancellationToken));
    }
}
