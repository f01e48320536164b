using System.Collections.Concurrent;
using System.Text;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Master.Tests.Registry;

/// <summary>Registrations that arrive while one is being written are admitted together, in one durable write.</summary>
public sealed class AgentRegistrationTests : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-registration-");
    private readonly HeldStore _store;

    // Registration stamps times and arms ping timers: fake time keeps both out of the test's way.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public AgentRegistrationTests() => _store = new HeldStore(new SqliteMasterStore(Path.Combine(_dir.FullName, "registry.db")));

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task RegisterAsync_ManyWhileOneIsWritten_AdmittedInOneMoreWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        var registrar = new Registrar(_store, NullLogger<Registrar>.Instance);
        await registrar.RecoverAsync(ct);
        var registry = new AgentRegistry(registrar, new MasterIdentity(new MasterOptions(), _time), new RegistryOptions(), _time, NullLogger<AgentRegistry>.Instance);
        var connections = Enumerable.Range(0, 50).Select(_ => new RecordingConnection()).ToArray();

        // The first registration holds the writer (its write waits); the other 49 queue behind it meanwhile.
        var first = registry.RegisterAsync(Description(0), connections[0], ct);
        await _store.FirstWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var rest = Enumerable.Range(1, 49).Select(i => registry.RegisterAsync(Description(i), connections[i], ct)).ToArray();
        _store.Release.SetResult();
        await Task.WhenAll(rest.Append(first)).WaitAsync(TimeSpan.FromSeconds(30), ct);

        var ids = connections.Select(c => Assert.Single(c.Sent).Registered.AgentId).ToArray();
        Assert.Equal(2, _store.Writes);
        Assert.Equal(50, ids.Distinct().Count());
        Assert.Equal(ids.Order(), registry.Agents.Keys.Order());
        Assert.Equal(ids.Order(), registrar.Current.Agents.Keys.Order());
    }

    [Fact]
    public async Task RegisterAsync_SameAddressTwiceInOneBatch_AdmittedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var registrar = new Registrar(_store, NullLogger<Registrar>.Instance);
        await registrar.RecoverAsync(ct);
        var registry = new AgentRegistry(registrar, new MasterIdentity(new MasterOptions(), _time), new RegistryOptions(), _time, NullLogger<AgentRegistry>.Instance);
        var holder = new RecordingConnection();
        var retried = new RecordingConnection();

        var first = registry.RegisterAsync(Description(0), holder, ct);
        await _store.FirstWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var a = registry.RegisterAsync(Description(1), retried, ct);
        var b = registry.RegisterAsync(Description(1), retried, ct);
        _store.Release.SetResult();
        await Task.WhenAll(first, a, b).WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(2, registry.Agents.Count);
        Assert.Single(retried.Sent);
    }

    [Fact]
    public async Task RegisterAsync_SameAddressOnANewChannelInOneBatch_LatestChannelWins()
    {
        var ct = TestContext.Current.CancellationToken;
        var registrar = new Registrar(_store, NullLogger<Registrar>.Instance);
        await registrar.RecoverAsync(ct);
        var registry = new AgentRegistry(registrar, new MasterIdentity(new MasterOptions(), _time), new RegistryOptions(), _time, NullLogger<AgentRegistry>.Instance);
        var holder = new RecordingConnection();
        var stale = new RecordingConnection();
        var retry = new RecordingConnection();

        var first = registry.RegisterAsync(Description(0), holder, ct);
        await _store.FirstWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var a = registry.RegisterAsync(Description(1), stale, ct);
        var b = registry.RegisterAsync(Description(1), retry, ct);
        _store.Release.SetResult();
        await Task.WhenAll(first, a, b).WaitAsync(TimeSpan.FromSeconds(30), ct);

        var id = Assert.Single(retry.Sent).Registered.AgentId;
        Assert.Empty(stale.Sent);
        Assert.Equal(id, registry.AgentIdOf(retry));
        Assert.Null(registry.AgentIdOf(stale));
    }

    [Fact]
    public async Task ReregisterAsync_UnchangedAgent_WritesNothingAndKeepsItsDrain()
    {
        var ct = TestContext.Current.CancellationToken;
        var registrar = new Registrar(_store, NullLogger<Registrar>.Instance);
        await registrar.RecoverAsync(ct);
        _store.Release.SetResult();
        var registry = new AgentRegistry(registrar, new MasterIdentity(new MasterOptions(), _time), new RegistryOptions(), _time, NullLogger<AgentRegistry>.Instance);
        var first = new RecordingConnection();
        await registry.RegisterAsync(Description(0), first, ct);
        var id = Assert.Single(first.Sent).Registered.AgentId;
        var drain = new DrainInfo(DrainState.DRAINING, 0, false, DateTimeOffset.UnixEpoch);
        await registrar.TryApplyAsync(_ => Decision.Apply(new DrainAgentOperation(id, drain)), ct);
        var writes = _store.Writes;

        var again = new RecordingConnection();
        await registry.ReregisterAsync(id, Description(0), [], again, ct);

        Assert.Equal(writes, _store.Writes);
        Assert.Equal(drain, registrar.Current.Agents[id].Drain);
        Assert.Equal([MasterMessage.BodyOneofCase.Reregistered, MasterMessage.BodyOneofCase.Drain], again.Sent.Select(m => m.BodyCase));
    }

    private static AgentDescription Description(int i) => new()
    {
        AgentInfoJson = Encoding.UTF8.GetString(Drydock.Protocol.Agents.AgentInfoJson.Serialize(new Drydock.Protocol.Agents.AgentInfo($"host-{i}", 5051, [], []), null)),
        Ip = $"10.1.{i / 250}.{(i % 250) + 1}",
        Version = "1.12.0",
    };

    private sealed class RecordingConnection : IAgentConnection
    {
        public ConcurrentQueue<MasterMessage> Sent { get; } = new();

        public ValueTask SendAsync(MasterMessage message, CancellationToken cancellationToken)
        {
            Sent.Enqueue(message);
            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A store whose first write waits for <see cref="Release"/>; it counts writes.</summary>
    private sealed class HeldStore(IMasterStore inner) : IMasterStore
    {
        private int _writes;

        public TaskCompletionSource FirstWriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Writes => _writes;

        public Task<DurableState> RecoverAsync(CancellationToken cancellationToken) => inner.RecoverAsync(cancellationToken);

        public async Task<DurableState> ApplyAsync(RegistryOperation operation, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                FirstWriteStarted.SetResult();
                await Release.Task;
            }

            return await inner.ApplyAsync(operation, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
