using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Drydock.Protocol;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Maintenance;
using Microsoft.Data.Sqlite;

namespace Drydock.Master.Persistence;

/// <summary>
/// The durable state in one SQLite file (WAL, <c>synchronous=FULL</c>): an operation's changes are committed in one
/// transaction before <see cref="ApplyAsync"/> returns, so a reply sent after it survives <c>kill -9</c>.
/// Only the rows an operation changed are written.
/// </summary>
internal sealed class SqliteMasterStore(string databasePath) : IMasterStore
{
    private const int SchemaVersion = 5;
    private const string DrainColumns = "drain_state, drain_grace_ns, drain_mark_gone, drain_started_ns";

    private SqliteConnection? _connection;
    private DurableState _state = DurableState.Empty;

    public async Task<DurableState> RecoverAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        _connection = connection;

        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS schedule (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS machines (
                machine_key TEXT PRIMARY KEY,
                hostname TEXT,
                ip TEXT,
                mode INTEGER NOT NULL,
                start_ns INTEGER,
                duration_ns INTEGER);
            CREATE TABLE IF NOT EXISTS agents (
                agent_id TEXT PRIMARY KEY,
                info TEXT NOT NULL,
                machine_hostname TEXT,
                machine_ip TEXT,
                deactivated INTEGER NOT NULL DEFAULT 0,
                drain_state INTEGER,
                drain_grace_ns INTEGER,
                drain_mark_gone INTEGER NOT NULL DEFAULT 0,
                drain_started_ns INTEGER);
            CREATE TABLE IF NOT EXISTS unreachable (
                agent_id TEXT PRIMARY KEY,
                info TEXT NOT NULL,
                machine_hostname TEXT,
                machine_ip TEXT,
                since_ns INTEGER NOT NULL,
                deactivated INTEGER NOT NULL DEFAULT 0,
                drain_state INTEGER,
                drain_grace_ns INTEGER,
                drain_mark_gone INTEGER NOT NULL DEFAULT 0,
                drain_started_ns INTEGER);
            CREATE TABLE IF NOT EXISTS gone (agent_id TEXT PRIMARY KEY, since_ns INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS frameworks (framework_id TEXT PRIMARY KEY, info TEXT NOT NULL, registered_ns INTEGER NOT NULL);
            """);
        CheckSchemaVersion();

        _state = new DurableState(LoadSchedule(), LoadMachines(), LoadAgents()) { Unreachable = LoadUnreachable(), Gone = LoadGone() };
        _state = _state with { Weights = StoredWeights.Load(connection, databasePath), Frameworks = LoadFrameworks() };
        return _state;
    }

    public Task<DurableState> ApplyAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The store has not been recovered.");
        var before = _state;
        var after = operation.Apply(before);

        using (var transaction = connection.BeginTransaction())
        {
            if (!ReferenceEquals(before.Schedule, after.Schedule))
            {
                WriteSchedule(transaction, after.Schedule);
            }

            if (!ReferenceEquals(before.Weights, after.Weights) && after.Weights is { } weights)
            {
                StoredWeights.Write(transaction, weights);
            }

            DeleteMachines(transaction, before.Machines.Keys.Where(id => !after.Machines.ContainsKey(id)));
            WriteMachines(transaction, after.Machines.Values.Where(info => !before.Machines.TryGetValue(info.Id, out var old) || old != info));
            // Operations that name the agents they touch are written in O(those agents), not O(all agents).
            var touched = operation.TouchedAgents;
            if (!ReferenceEquals(before.Agents, after.Agents))
            {
                WriteAgents(transaction, Changes(before.Agents, after.Agents, touched));
            }

            if (!ReferenceEquals(before.Unreachable, after.Unreachable))
            {
                WriteUnreachable(transaction, Changes(before.Unreachable, after.Unreachable, touched));
            }

            if (!ReferenceEquals(before.Gone, after.Gone))
            {
                WriteGone(transaction, Changes(before.Gone, after.Gone, touched));
            }

            if (!ReferenceEquals(before.Frameworks, after.Frameworks))
            {
                WriteFrameworks(transaction, Changes(before.Frameworks, after.Frameworks, null));
            }

            transaction.Commit();
        }

        _state = after;
        return Task.FromResult(after);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    /// <summary>A machine's primary key: presence of each field, the lower-cased hostname and the exact ip.</summary>
    internal static string KeyOf(MachineId id) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(id.Hostname is null ? "-" : "h:" + id.Hostname.ToLowerInvariant())}|{(id.Ip is null ? "-" : "i:" + id.Ip)}");

    private void CheckSchemaVersion()
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        var stored = command.ExecuteScalar() as string;
        if (stored is null)
        {
            Execute("INSERT INTO meta (key, value) VALUES ('schema_version', $v)", ("$v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
        }
        else if (stored is "1" or "2" or "3" or "4")
        {
            // Version 2 added the unreachable table, version 4 the gone table and version 5 the frameworks table (all
            // created above); version 3 the deactivated flags and version 4 the drain columns.
            foreach (var table in new[] { "agents", "unreachable" })
            {
                AddColumnIfMissing(table, "deactivated", "INTEGER NOT NULL DEFAULT 0");
                AddColumnIfMissing(table, "drain_state", "INTEGER");
                AddColumnIfMissing(table, "drain_grace_ns", "INTEGER");
                AddColumnIfMissing(table, "drain_mark_gone", "INTEGER NOT NULL DEFAULT 0");
                AddColumnIfMissing(table, "drain_started_ns", "INTEGER");
            }

            Execute("UPDATE meta SET value = $v WHERE key = 'schema_version'", ("$v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
        }
        else if (stored != SchemaVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"The registry at '{databasePath}' has schema version {stored}; this master reads version {SchemaVersion}.");
        }
    }

    private void AddColumnIfMissing(string table, string column, string definition)
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Execute($"ALTER TABLE {table} ADD COLUMN {column} {definition}");
        }
    }

    private MaintenanceSchedule LoadSchedule()
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = "SELECT body FROM schedule WHERE id = 1";
        if (command.ExecuteScalar() is not string body)
        {
            return MaintenanceSchedule.Empty;
        }

        var parsed = MaintenanceJson.ParseSchedule(Encoding.UTF8.GetBytes(body));
        return parsed.Succeeded
            ? parsed.Value
            : throw new InvalidOperationException($"The stored schedule in '{databasePath}' is unreadable: {parsed.Error}");
    }

    private ImmutableDictionary<MachineId, MachineInfo> LoadMachines()
    {
        var machines = ImmutableDictionary.CreateBuilder<MachineId, MachineInfo>();
        using var command = _connection!.CreateCommand();
        command.CommandText = "SELECT hostname, ip, mode, start_ns, duration_ns FROM machines";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = new MachineId(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
            var mode = (MachineMode)reader.GetInt32(2);
            Unavailability? unavailability = reader.IsDBNull(3)
                ? null
                : new Unavailability(new TimeInfo(reader.GetInt64(3)), reader.IsDBNull(4) ? null : new DurationInfo(reader.GetInt64(4)));
            machines[id] = new MachineInfo(id, mode, unavailability);
        }

        return machines.ToImmutable();
    }

    private ImmutableDictionary<string, AdmittedAgent> LoadAgents()
    {
        var agents = ImmutableDictionary.CreateBuilder<string, AdmittedAgent>(StringComparer.Ordinal);
        using var command = _connection!.CreateCommand();
        command.CommandText = $"SELECT agent_id, info, machine_hostname, machine_ip, deactivated, {DrainColumns} FROM agents";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var parsed = AgentInfoJson.Parse(Encoding.UTF8.GetBytes(reader.GetString(1)));
            if (!parsed.Succeeded)
            {
                throw new InvalidOperationException($"The stored info of agent {id} in '{databasePath}' is unreadable: {parsed.Error}");
            }

            var machine = new MachineId(reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            agents[id] = new AdmittedAgent(id, parsed.Value.Info, machine) { Deactivated = reader.GetInt64(4) != 0, Drain = ReadDrain(reader, 5) };
        }

        return agents.ToImmutable();
    }

    private ImmutableDictionary<string, UnreachableAgent> LoadUnreachable()
    {
        var agents = ImmutableDictionary.CreateBuilder<string, UnreachableAgent>(StringComparer.Ordinal);
        using var command = _connection!.CreateCommand();
        command.CommandText = $"SELECT agent_id, info, machine_hostname, machine_ip, since_ns, deactivated, {DrainColumns} FROM unreachable";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var parsed = AgentInfoJson.Parse(Encoding.UTF8.GetBytes(reader.GetString(1)));
            if (!parsed.Succeeded)
            {
                throw new InvalidOperationException($"The stored info of unreachable agent {id} in '{databasePath}' is unreadable: {parsed.Error}");
            }

            var machine = new MachineId(reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            var since = FromNanoseconds(reader.GetInt64(4));
            var agent = new AdmittedAgent(id, parsed.Value.Info, machine) { Deactivated = reader.GetInt64(5) != 0, Drain = ReadDrain(reader, 6) };
            agents[id] = new UnreachableAgent(agent, since);
        }

        return agents.ToImmutable();
    }

    private static void WriteUnreachable(SqliteTransaction transaction, (IReadOnlyList<string> Deleted, IReadOnlyList<KeyValuePair<string, UnreachableAgent>> Upserted) changes)
    {
        using (var delete = Prepare(transaction, "DELETE FROM unreachable WHERE agent_id = $id", "$id"))
        {
            foreach (var id in changes.Deleted)
            {
                delete.Parameters[0].Value = id;
                delete.ExecuteNonQuery();
            }
        }

        using var upsert = Prepare(
            transaction,
            """
            INSERT INTO unreachable (agent_id, info, machine_hostname, machine_ip, since_ns, deactivated, drain_state, drain_grace_ns, drain_mark_gone, drain_started_ns)
            VALUES ($id, $info, $hostname, $ip, $since, $deactivated, $drain_state, $drain_grace, $drain_mark_gone, $drain_started)
            ON CONFLICT (agent_id) DO UPDATE SET info = excluded.info, machine_hostname = excluded.machine_hostname,
                machine_ip = excluded.machine_ip, since_ns = excluded.since_ns, deactivated = excluded.deactivated,
                drain_state = excluded.drain_state, drain_grace_ns = excluded.drain_grace_ns,
                drain_mark_gone = excluded.drain_mark_gone, drain_started_ns = excluded.drain_started_ns
            """,
            "$id", "$info", "$hostname", "$ip", "$since", "$deactivated", "$drain_state", "$drain_grace", "$drain_mark_gone", "$drain_started");
        foreach (var (_, entry) in changes.Upserted)
        {
            upsert.Parameters[0].Value = entry.Agent.Id;
            upsert.Parameters[1].Value = Encoding.UTF8.GetString(AgentInfoJson.Serialize(entry.Agent.Info, entry.Agent.Id));
            upsert.Parameters[2].Value = (object?)entry.Agent.Machine.Hostname ?? DBNull.Value;
            upsert.Parameters[3].Value = (object?)entry.Agent.Machine.Ip ?? DBNull.Value;
            upsert.Parameters[4].Value = UnixTime.Nanoseconds(entry.Since);
            upsert.Parameters[5].Value = entry.Agent.Deactivated ? 1 : 0;
            SetDrain(upsert, 6, entry.Agent.Drain);
            upsert.ExecuteNonQuery();
        }
    }

    private static void WriteAgents(SqliteTransaction transaction, (IReadOnlyList<string> Deleted, IReadOnlyList<KeyValuePair<string, AdmittedAgent>> Upserted) changes)
    {
        using (var delete = Prepare(transaction, "DELETE FROM agents WHERE agent_id = $id", "$id"))
        {
            foreach (var id in changes.Deleted)
            {
                delete.Parameters[0].Value = id;
                delete.ExecuteNonQuery();
            }
        }

        using var upsert = Prepare(
            transaction,
            """
            INSERT INTO agents (agent_id, info, machine_hostname, machine_ip, deactivated, drain_state, drain_grace_ns, drain_mark_gone, drain_started_ns)
            VALUES ($id, $info, $hostname, $ip, $deactivated, $drain_state, $drain_grace, $drain_mark_gone, $drain_started)
            ON CONFLICT (agent_id) DO UPDATE SET info = excluded.info, machine_hostname = excluded.machine_hostname,
                machine_ip = excluded.machine_ip, deactivated = excluded.deactivated,
                drain_state = excluded.drain_state, drain_grace_ns = excluded.drain_grace_ns,
                drain_mark_gone = excluded.drain_mark_gone, drain_started_ns = excluded.drain_started_ns
            """,
            "$id", "$info", "$hostname", "$ip", "$deactivated", "$drain_state", "$drain_grace", "$drain_mark_gone", "$drain_started");
        foreach (var (_, agent) in changes.Upserted)
        {
            upsert.Parameters[0].Value = agent.Id;
            upsert.Parameters[1].Value = Encoding.UTF8.GetString(AgentInfoJson.Serialize(agent.Info, agent.Id));
            upsert.Parameters[2].Value = (object?)agent.Machine.Hostname ?? DBNull.Value;
            upsert.Parameters[3].Value = (object?)agent.Machine.Ip ?? DBNull.Value;
            upsert.Parameters[4].Value = agent.Deactivated ? 1 : 0;
            SetDrain(upsert, 5, agent.Drain);
            upsert.ExecuteNonQuery();
        }
    }

    /// <summary>Reads the four drain columns starting at <paramref name="first"/>; null when the agent was never drained.</summary>
    private static DrainInfo? ReadDrain(SqliteDataReader reader, int first) =>
        reader.IsDBNull(first)
            ? null
            : new DrainInfo(
                (DrainState)reader.GetInt32(first),
                reader.IsDBNull(first + 1) ? null : reader.GetInt64(first + 1),
                reader.GetInt64(first + 2) != 0,
                reader.IsDBNull(first + 3) ? DateTimeOffset.UnixEpoch : FromNanoseconds(reader.GetInt64(first + 3)));

    private static void SetDrain(SqliteCommand command, int first, DrainInfo? drain)
    {
        command.Parameters[first].Value = drain is null ? DBNull.Value : (int)drain.State;
        command.Parameters[first + 1].Value = (object?)drain?.MaxGracePeriodNanoseconds ?? DBNull.Value;
        command.Parameters[first + 2].Value = drain?.MarkGone == true ? 1 : 0;
        command.Parameters[first + 3].Value = drain is null ? DBNull.Value : UnixTime.Nanoseconds(drain.Started);
    }

    private static DateTimeOffset FromNanoseconds(long nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);

    private ImmutableDictionary<string, StoredFramework> LoadFrameworks()
    {
        var frameworks = ImmutableDictionary.CreateBuilder<string, StoredFramework>(StringComparer.Ordinal);
        using var command = _connection!.CreateCommand();
        command.CommandText = "SELECT framework_id, info, registered_ns FROM frameworks";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            frameworks[id] = new StoredFramework(id, reader.GetString(1), FromNanoseconds(reader.GetInt64(2)));
        }

        return frameworks.ToImmutable();
    }

    private static void WriteFrameworks(SqliteTransaction transaction, (IReadOnlyList<string> Deleted, IReadOnlyList<KeyValuePair<string, StoredFramework>> Upserted) changes)
    {
        using (var delete = Prepare(transaction, "DELETE FROM frameworks WHERE framework_id = $id", "$id"))
        {
            foreach (var id in changes.Deleted)
            {
                delete.Parameters[0].Value = id;
                delete.ExecuteNonQuery();
            }
        }

        using var upsert = Prepare(
            transaction,
            """
            INSERT INTO frameworks (framework_id, info, registered_ns) VALUES ($id, $info, $registered)
            ON CONFLICT (framework_id) DO UPDATE SET info = excluded.info, registered_ns = excluded.registered_ns
            """,
            "$id", "$info", "$registered");
        foreach (var (_, framework) in changes.Upserted)
        {
            upsert.Parameters[0].Value = framework.Id;
            upsert.Parameters[1].Value = framework.InfoJson;
            upsert.Parameters[2].Value = UnixTime.Nanoseconds(framework.RegisteredTime);
            upsert.ExecuteNonQuery();
        }
    }

    private ImmutableDictionary<string, DateTimeOffset> LoadGone()
    {
        var gone = ImmutableDictionary.CreateBuilder<string, DateTimeOffset>(StringComparer.Ordinal);
        using var command = _connection!.CreateCommand();
        command.CommandText = "SELECT agent_id, since_ns FROM gone";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            gone[reader.GetString(0)] = FromNanoseconds(reader.GetInt64(1));
        }

        return gone.ToImmutable();
    }

    private static void WriteGone(SqliteTransaction transaction, (IReadOnlyList<string> Deleted, IReadOnlyList<KeyValuePair<string, DateTimeOffset>> Upserted) changes)
    {
        using (var delete = Prepare(transaction, "DELETE FROM gone WHERE agent_id = $id", "$id"))
        {
            foreach (var id in changes.Deleted)
            {
                delete.Parameters[0].Value = id;
                delete.ExecuteNonQuery();
            }
        }

        using var upsert = Prepare(
            transaction,
            "INSERT INTO gone (agent_id, since_ns) VALUES ($id, $since) ON CONFLICT (agent_id) DO UPDATE SET since_ns = excluded.since_ns",
            "$id", "$since");
        foreach (var (id, since) in changes.Upserted)
        {
            upsert.Parameters[0].Value = id;
            upsert.Parameters[1].Value = UnixTime.Nanoseconds(since);
            upsert.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// What changed between two versions of a record map: the ids deleted, and the records added or replaced. With
    /// <paramref name="touched"/> only those ids are compared; otherwise every record is.
    /// </summary>
    private static (IReadOnlyList<string> Deleted, IReadOnlyList<KeyValuePair<string, T>> Upserted) Changes<T>(
        ImmutableDictionary<string, T> before,
        ImmutableDictionary<string, T> after,
        IReadOnlyCollection<string>? touched)
    {
        var deleted = new List<string>();
        var upserted = new List<KeyValuePair<string, T>>();
        foreach (var id in touched ?? before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k))))
        {
            var had = before.TryGetValue(id, out var old);
            if (after.TryGetValue(id, out var now))
            {
                if (!had || !EqualityComparer<T>.Default.Equals(old, now))
                {
                    upserted.Add(KeyValuePair.Create(id, now));
                }
            }
            else if (had)
            {
                deleted.Add(id);
            }
        }

        return (deleted, upserted);
    }

    private static void WriteSchedule(SqliteTransaction transaction, MaintenanceSchedule schedule)
    {
        if (schedule.Windows.Count == 0)
        {
            Execute(transaction, "DELETE FROM schedule");
            return;
        }

        Execute(
            transaction,
            "INSERT INTO schedule (id, body) VALUES (1, $body) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            ("$body", MesosJson.Serialize(schedule)));
    }

    private static void DeleteMachines(SqliteTransaction transaction, IEnumerable<MachineId> machines)
    {
        using var command = Prepare(transaction, "DELETE FROM machines WHERE machine_key = $key", "$key");
        foreach (var id in machines)
        {
            command.Parameters[0].Value = KeyOf(id);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Upserts rows through one prepared statement: a 10,000-machine schedule is one statement run 10,000 times.</summary>
    private static void WriteMachines(SqliteTransaction transaction, IEnumerable<MachineInfo> machines)
    {
        using var command = Prepare(
            transaction,
            """
            INSERT INTO machines (machine_key, hostname, ip, mode, start_ns, duration_ns)
            VALUES ($key, $hostname, $ip, $mode, $start, $duration)
            ON CONFLICT (machine_key) DO UPDATE SET hostname = excluded.hostname, ip = excluded.ip,
                mode = excluded.mode, start_ns = excluded.start_ns, duration_ns = excluded.duration_ns
            """,
            "$key", "$hostname", "$ip", "$mode", "$start", "$duration");
        var p = command.Parameters;
        foreach (var info in machines)
        {
            p[0].Value = KeyOf(info.Id);
            p[1].Value = (object?)info.Id.Hostname ?? DBNull.Value;
            p[2].Value = (object?)info.Id.Ip ?? DBNull.Value;
            p[3].Value = (int)info.Mode;
            p[4].Value = (object?)info.Unavailability?.Start.Nanoseconds ?? DBNull.Value;
            p[5].Value = (object?)info.Unavailability?.Duration?.Nanoseconds ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Prepare(SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }

        command.Prepare();
        return command;
    }

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection!.CreateCommand();
        Run(command, sql, parameters);
    }

    private static void Execute(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        Run(command, sql, parameters);
    }

    private static void Run(SqliteCommand command, string sql, (string Name, object? Value)[] parameters)
    {
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
