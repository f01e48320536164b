using Drydock.Master.Persistence;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Tests.Persistence;

public sealed class SqliteMasterStoreTests : IDisposable
{
    private static readonly MachineId A = new("A-host", "10.0.0.1");
    private static readonly MachineId B = new(null, "10.0.0.2");
    private static readonly MachineId C = new("c", null);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-store-");

    private string Database => Path.Combine(_dir.FullName, "registry.db");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Recover_FreshFile_IsEmpty()
    {
        await using var store = new SqliteMasterStore(Database);

        var state = await store.RecoverAsync(TestContext.Current.CancellationToken);

        Assert.Empty(state.Schedule.Windows);
        Assert.Empty(state.Machines);
    }

    [Fact]
    public async Task Apply_ThenReopen_RecoversSameState()
    {
        var ct = TestContext.Current.CancellationToken;
        var schedule = new MaintenanceSchedule(
        [
            new([A, B], new(new TimeInfo(1_795_551_078_298_638_600), new DurationInfo(3_600_000_000_000))),
            new([C], new(new TimeInfo(-10))),
        ]);
        DurableState written;
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new UpdateScheduleOperation(schedule), ct);
            written = await store.ApplyAsync(new StartMaintenanceOperation([B]), ct);
        }

        await using var reopened = new SqliteMasterStore(Database);
        var recovered = await reopened.RecoverAsync(ct);

        Assert.Equal(MesosJson.Serialize(written.Schedule), MesosJson.Serialize(recovered.Schedule));
        Assert.Equal(written.Machines.Count, recovered.Machines.Count);
        foreach (var (id, info) in written.Machines)
        {
            Assert.Equal(info, recovered.Machines[id]);
            Assert.Equal(id.Hostname, recovered.Machines[id].Id.Hostname);
        }
    }

    [Fact]
    public async Task Apply_StopMaintenance_DeletesRowsAndEmptySchedule()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new UpdateScheduleOperation(new([new([A], new(new TimeInfo(5)))])), ct);
            await store.ApplyAsync(new StartMaintenanceOperation([A]), ct);
            await store.ApplyAsync(new StopMaintenanceOperation([A]), ct);
        }

        await using var reopened = new SqliteMasterStore(Database);
        var recovered = await reopened.RecoverAsync(ct);

        Assert.Empty(recovered.Schedule.Windows);
        Assert.Empty(recovered.Machines);
    }

    [Fact]
    public async Task MarkUnreachable_ThenReopen_KeepsTimestampAndReadmitClearsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var agent = new AdmittedAgent("m-S0", new Drydock.Protocol.Agents.AgentInfo("A-host", 5051, [], []), A);
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_795_551_078_298);
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new AdmitAgentOperation(agent), ct);
            await store.ApplyAsync(new MarkUnreachableOperation(["m-S0"], since), ct);
        }

        DurableState marked;
        await using (var reopened = new SqliteMasterStore(Database))
        {
            marked = await reopened.RecoverAsync(ct);
            await reopened.ApplyAsync(new AdmitAgentOperation(agent), ct);
        }

        await using var third = new SqliteMasterStore(Database);
        var readmitted = await third.RecoverAsync(ct);

        Assert.Empty(marked.Agents);
        Assert.Equal((since, A), (marked.Unreachable["m-S0"].Since, marked.Unreachable["m-S0"].Agent.Machine));
        Assert.Empty(readmitted.Unreachable);
        Assert.Equal("A-host", readmitted.Agents["m-S0"].Info.Hostname);
    }

    [Fact]
    public async Task Deactivate_ThenReopen_FlagKeptThroughUnreachable()
    {
        var ct = TestContext.Current.CancellationToken;
        var agent = new AdmittedAgent("m-S1", new Drydock.Protocol.Agents.AgentInfo("A-host", 5051, [], []), A);
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new AdmitAgentOperation(agent), ct);
            await store.ApplyAsync(new SetAgentDeactivatedOperation("m-S1", true), ct);
            await store.ApplyAsync(new MarkUnreachableOperation(["m-S1"], DateTimeOffset.UnixEpoch.AddDays(1)), ct);
        }

        await using var reopened = new SqliteMasterStore(Database);
        var state = await reopened.RecoverAsync(ct);

        Assert.True(state.Unreachable["m-S1"].Agent.Deactivated);
    }

    [Fact]
    public async Task Drain_ThenReopen_KeptThroughUnreachableAndReactivationClearsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var agent = new AdmittedAgent("m-S2", new Drydock.Protocol.Agents.AgentInfo("A-host", 5051, [], []), A);
        var started = DateTimeOffset.UnixEpoch.AddDays(3);
        var drain = new DrainInfo(DrainState.DRAINING, 5_000_000_000, MarkGone: true, started);
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new AdmitAgentOperation(agent), ct);
            await store.ApplyAsync(new DrainAgentOperation("m-S2", drain), ct);
            await store.ApplyAsync(new MarkUnreachableOperation(["m-S2"], DateTimeOffset.UnixEpoch.AddDays(4)), ct);
        }

        DurableState recovered;
        DurableState reactivated;
        await using (var reopened = new SqliteMasterStore(Database))
        {
            recovered = await reopened.RecoverAsync(ct);
            await reopened.ApplyAsync(new AdmitAgentOperation(recovered.Unreachable["m-S2"].Agent), ct);
            await reopened.ApplyAsync(new DrainAgentOperation("m-S2", drain with { State = DrainState.DRAINED, MaxGracePeriodNanoseconds = null }), ct);
            reactivated = await reopened.ApplyAsync(new SetAgentDeactivatedOperation("m-S2", false), ct);
        }

        await using var last = new SqliteMasterStore(Database);
        var final = await last.RecoverAsync(ct);

        Assert.Equal(drain, recovered.Unreachable["m-S2"].Agent.Drain);
        Assert.True(recovered.Unreachable["m-S2"].Agent.Deactivated);
        Assert.Null(reactivated.Agents["m-S2"].Drain);
        Assert.Null(final.Agents["m-S2"].Drain);
        Assert.False(final.Agents["m-S2"].Deactivated);
    }

    [Fact]
    public async Task MarkGone_ThenReopen_AgentOnlyInGoneList()
    {
        var ct = TestContext.Current.CancellationToken;
        var since = DateTimeOffset.UnixEpoch.AddDays(5);
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new AdmitAgentOperation(new AdmittedAgent("m-S3", new Drydock.Protocol.Agents.AgentInfo("A-host", 5051, [], []), A)), ct);
            await store.ApplyAsync(new AdmitAgentOperation(new AdmittedAgent("m-S4", new Drydock.Protocol.Agents.AgentInfo("B-host", 5051, [], []), B)), ct);
            await store.ApplyAsync(new MarkUnreachableOperation(["m-S4"], since), ct);
            await store.ApplyAsync(new MarkAgentGoneOperation("m-S3", since), ct);
            await store.ApplyAsync(new MarkAgentGoneOperation("m-S4", since.AddSeconds(1)), ct);
        }

        await using var reopened = new SqliteMasterStore(Database);
        var state = await reopened.RecoverAsync(ct);

        Assert.Empty(state.Agents);
        Assert.Empty(state.Unreachable);
        Assert.Equal(since, state.Gone["m-S3"]);
        Assert.Equal(since.AddSeconds(1), state.Gone["m-S4"]);
    }

    [Fact]
    public async Task Recover_VersionOneFile_UpgradedInPlace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await old.OpenAsync(ct);
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta VALUES ('schema_version', '1');
                CREATE TABLE agents (agent_id TEXT PRIMARY KEY, info TEXT NOT NULL, machine_hostname TEXT, machine_ip TEXT);
                INSERT INTO agents VALUES ('m-S0', '{"hostname":"A-host","port":5051}', 'A-host', '10.0.0.1');
                """;
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var store = new SqliteMasterStore(Database);
        var state = await store.RecoverAsync(ct);
        var after = await store.ApplyAsync(new SetAgentDeactivatedOperation("m-S0", true), ct);
        var drained = await store.ApplyAsync(new DrainAgentOperation("m-S0", new DrainInfo(DrainState.DRAINING, null, false, DateTimeOffset.UnixEpoch)), ct);
        var gone = await store.ApplyAsync(new MarkAgentGoneOperation("m-S0", DateTimeOffset.UnixEpoch), ct);

        Assert.False(state.Agents["m-S0"].Deactivated);
        Assert.Null(state.Agents["m-S0"].Drain);
        Assert.True(after.Agents["m-S0"].Deactivated);
        Assert.Equal(DrainState.DRAINING, drained.Agents["m-S0"].Drain!.State);
        Assert.True(gone.Gone.ContainsKey("m-S0"));
        Assert.Empty(state.Unreachable);
    }

    [Fact]
    public async Task AddFramework_ThenReopen_KeptUntilRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        var registered = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new AddFrameworkOperation(new StoredFramework("m-0000", """{"user":"root","name":"a"}""", registered)), ct);
            await store.ApplyAsync(new AddFrameworkOperation(new StoredFramework("m-0001", """{"user":"root","name":"b"}""", registered)), ct);
            var changed = await store.ApplyAsync(new AddFrameworkOperation(new StoredFramework("m-0000", """{"user":"root","name":"a2"}""", registered.AddDays(1))), ct);
            Assert.Equal(registered, changed.Frameworks["m-0000"].RegisteredTime);
        }

        DurableState reopened;
        await using (var store = new SqliteMasterStore(Database))
        {
            reopened = await store.RecoverAsync(ct);
            await store.ApplyAsync(new RemoveFrameworkOperation("m-0001"), ct);
        }

        await using var third = new SqliteMasterStore(Database);
        var last = await third.RecoverAsync(ct);

        Assert.Equal(["m-0000", "m-0001"], reopened.Frameworks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new StoredFramework("m-0000", """{"user":"root","name":"a2"}""", registered), reopened.Frameworks["m-0000"]);
        Assert.Equal(["m-0000"], last.Frameworks.Keys);
    }

    [Fact]
    public async Task Recover_VersionFourFile_UpgradedWithAFrameworksTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await old.OpenAsync(ct);
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta VALUES ('schema_version', '4');
                CREATE TABLE agents (agent_id TEXT PRIMARY KEY, info TEXT NOT NULL, machine_hostname TEXT, machine_ip TEXT,
                    deactivated INTEGER NOT NULL DEFAULT 0, drain_state INTEGER, drain_grace_ns INTEGER,
                    drain_mark_gone INTEGER NOT NULL DEFAULT 0, drain_started_ns INTEGER);
                INSERT INTO agents (agent_id, info, machine_hostname, machine_ip) VALUES ('m-S0', '{"hostname":"A-host","port":5051}', 'A-host', '10.0.0.1');
                """;
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var store = new SqliteMasterStore(Database);
        var state = await store.RecoverAsync(ct);
        var added = await store.ApplyAsync(new AddFrameworkOperation(new StoredFramework("m-0000", """{"user":"root","name":"a"}""", DateTimeOffset.UnixEpoch)), ct);

        Assert.True(state.Agents.ContainsKey("m-S0"));
        Assert.Empty(state.Frameworks);
        Assert.Single(added.Frameworks);
        using var version = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Pooling=False");
        await version.OpenAsync(ct);
        using var read = version.CreateCommand();
        read.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        Assert.Equal("5", await read.ExecuteScalarAsync(ct));
    }

    [Fact]
    public void KeyOf_CaseAndPresence_MatchEquality()
    {
        Assert.Equal(SqliteMasterStore.KeyOf(new("HOST", "1.2.3.4")), SqliteMasterStore.KeyOf(new("host", "1.2.3.4")));
        Assert.NotEqual(SqliteMasterStore.KeyOf(new("host", null)), SqliteMasterStore.KeyOf(new("host", "1.2.3.4")));
        Assert.NotEqual(SqliteMasterStore.KeyOf(new("", null)), SqliteMasterStore.KeyOf(new(null, null)));
    }
}
