using System.Globalization;
using Drydock.Services.Apps;
using Microsoft.Data.Sqlite;

namespace Drydock.Services.Persistence;

/// <summary>
/// The scheduler's durable state in one SQLite file (WAL, <c>synchronous=FULL</c>): the framework id, every kept
/// version of every app and which one is current, the running deployments, and the instances it launched. A
/// <see cref="CommitAsync"/> is one transaction, done before the API answers. Calls are serialised by the caller (the
/// scheduler's one writer); reads of versions may come from API threads and take the same gate.
/// </summary>
internal sealed class SqliteServicesStore(string databasePath, int maxVersionsPerApp = 50) : IAsyncDisposable
{
    private const int SchemaVersion = 1;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public async Task<StoredServices> RecoverAsync(CancellationToken cancellationToken)
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
            CREATE TABLE IF NOT EXISTS app_versions (app_id TEXT NOT NULL, version_ms INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (app_id, version_ms));
            CREATE TABLE IF NOT EXISTS apps (app_id TEXT PRIMARY KEY, version_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS deployments (id TEXT PRIMARY KEY, body TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS instances (instance_id TEXT PRIMARY KEY, app_id TEXT NOT NULL, body TEXT NOT NULL);
            """);
        CheckSchemaVersion();

        var frameworkId = Scalar("SELECT value FROM meta WHERE key = 'framework_id'");
        var apps = new List<StoredAppVersion>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT v.app_id, v.version_ms, v.body FROM apps a JOIN app_versions v ON v.app_id = a.app_id AND v.version_ms = a.version_ms ORDER BY a.app_id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                apps.Add(new StoredAppVersion(PathId.Parse(reader.GetString(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2)));
            }
        }

        var deployments = new List<StoredDeployment>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, body FROM deployments ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                deployments.Add(new StoredDeployment(reader.GetString(0), reader.GetString(1)));
            }
        }

        var instances = new List<Instances.Instance>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT body FROM instances ORDER BY instance_id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                instances.Add(StoredInstanceJson.Read(reader.GetString(0)));
            }
        }

        return new StoredServices(frameworkId, apps, deployments, instances);
    }

    /// <summary>Writes <paramref name="change"/> in one transaction.</summary>
    public async Task CommitAsync(ServicesChange change, CancellationToken cancellationToken)
    {
        if (change.IsEmpty)
        {
            return;
        }

        var connection = _connection ?? throw new InvalidOperationException("The store has not been recovered.");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = connection.BeginTransaction();
            if (change.FrameworkId is { } frameworkId)
            {
                Run(transaction, "INSERT INTO meta (key, value) VALUES ('framework_id', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$v", frameworkId));
            }

            foreach (var app in change.Apps)
            {
                var ms = app.Version.ToUnixTimeMilliseconds();
                Run(transaction, "INSERT INTO app_versions (app_id, version_ms, body) VALUES ($a, $v, $b) ON CONFLICT(app_id, version_ms) DO UPDATE SET body = excluded.body", ("$a", app.AppId.Value), ("$v", ms), ("$b", app.Body));
                Run(transaction, "INSERT INTO apps (app_id, version_ms) VALUES ($a, $v) ON CONFLICT(app_id) DO UPDATE SET version_ms = excluded.version_ms", ("$a", app.AppId.Value), ("$v", ms));
                // Marathon keeps at most --zk_max_versions (50) versions of an app; the oldest go first.
                Run(transaction, "DELETE FROM app_versions WHERE app_id = $a AND version_ms NOT IN (SELECT version_ms FROM app_versions WHERE app_id = $a ORDER BY version_ms DESC LIMIT $n)", ("$a", app.AppId.Value), ("$n", maxVersionsPerApp));
            }

            foreach (var removed in change.RemovedApps)
            {
                Run(transaction, "DELETE FROM apps WHERE app_id = $a", ("$a", removed.Value));
                Run(transaction, "DELETE FROM app_versions WHERE app_id = $a", ("$a", removed.Value));
            }

            foreach (var deployment in change.Deployments)
            {
                Run(transaction, "INSERT INTO deployments (id, body) VALUES ($i, $b) ON CONFLICT(id) DO UPDATE SET body = excluded.body", ("$i", deployment.Id), ("$b", deployment.Body));
            }

            foreach (var removed in change.RemovedDeployments)
            {
                Run(transaction, "DELETE FROM deployments WHERE id = $i", ("$i", removed));
            }

            foreach (var instance in change.Instances)
            {
                Run(transaction, "INSERT INTO instances (instance_id, app_id, body) VALUES ($i, $a, $b) ON CONFLICT(instance_id) DO UPDATE SET app_id = excluded.app_id, body = excluded.body", ("$i", instance.Id.Value), ("$a", instance.AppId.Value), ("$b", StoredInstanceJson.Write(instance)));
            }

            foreach (var removed in change.RemovedInstances)
            {
                Run(transaction, "DELETE FROM instances WHERE instance_id = $i", ("$i", removed.Value));
            }

            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The kept versions of an app, newest first (as <c>GET /v2/apps/{id}/versions</c> lists them).</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> VersionsAsync(PathId app, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The store has not been recovered.");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version_ms FROM app_versions WHERE app_id = $a ORDER BY version_ms DESC";
            command.Parameters.AddWithValue("$a", app.Value);
            using var reader = command.ExecuteReader();
            var versions = new List<DateTimeOffset>();
            while (reader.Read())
            {
                versions.Add(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
            }

            return versions;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The JSON of one kept version of an app, or null.</summary>
    public async Task<string?> VersionAsync(PathId app, DateTimeOffset version, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The store has not been recovered.");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT body FROM app_versions WHERE app_id = $a AND version_ms = $v";
            command.Parameters.AddWithValue("$a", app.Value);
            command.Parameters.AddWithValue("$v", version.ToUnixTimeMilliseconds());
            return command.ExecuteScalar() as string;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        _gate.Dispose();
    }

    private void CheckSchemaVersion()
    {
        var stored = Scalar("SELECT value FROM meta WHERE key = 'schema_version'");
        if (stored is null)
        {
            Execute($"INSERT INTO meta (key, value) VALUES ('schema_version', '{SchemaVersion}')");
        }
        else if (int.Parse(stored, CultureInfo.InvariantCulture) > SchemaVersion)
        {
            throw new InvalidOperationException($"{databasePath} was written by a newer Drydock (schema {stored}; this one reads up to {SchemaVersion}).");
        }
    }

    private string? Scalar(string sql)
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    private void Execute(string sql)
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Run(SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
