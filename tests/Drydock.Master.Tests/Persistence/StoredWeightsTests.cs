using Drydock.Master.Persistence;
using Microsoft.Data.Sqlite;

namespace Drydock.Master.Tests.Persistence;

public sealed class StoredWeightsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-weights-");

    private string Database => Path.Combine(_dir.FullName, "registry.db");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Recover_NoWeightsEverStored_IsNull()
    {
        await using var store = new SqliteMasterStore(Database);

        var state = await store.RecoverAsync(TestContext.Current.CancellationToken);

        Assert.Null(state.Weights);
    }

    [Fact]
    public async Task UpdateWeights_ThenReopen_RecoversTheWeights()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new UpdateWeightsOperation([new("web", 2.5), new("*", 0.125)], new Dictionary<string, double>()), ct);
        }

        await using var reopened = new SqliteMasterStore(Database);
        var state = await reopened.RecoverAsync(ct);

        Assert.Equal([new("*", 0.125), new("web", 2.5)], state.Weights!);
    }

    [Fact]
    public async Task UpdateWeights_Committed_IsOneRowOfTheMetaTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var store = new SqliteMasterStore(Database))
        {
            await store.RecoverAsync(ct);
            await store.ApplyAsync(new UpdateWeightsOperation([new("web", 2)], new Dictionary<string, double>()), ct);
        }

        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync(ct);
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT key, value FROM meta ORDER BY key";
        using var reader = await query.ExecuteReaderAsync(ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        // A row of the existing meta table, so the schema version is not this change's to bump.
        Assert.Equal(["schema_version", "weights"], rows.Select(r => r.Item1));
        Assert.Equal("""[{"role":"web","weight":2}]""", rows[1].Item2);
    }
}
