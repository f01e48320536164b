using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Drydock.Protocol;
using Microsoft.Data.Sqlite;

namespace Drydock.Master.Persistence;

/// <summary>
/// The role weights in the registry: one row of the <c>meta</c> table, key <c>weights</c>, whose value is a JSON array of
/// <c>{"role":..,"weight":..}</c> sorted by role. No row means no weights were ever stored.
/// </summary>
internal static class StoredWeights
{
    private const string Key = "weights";

    public static ImmutableSortedDictionary<string, double>? Load(SqliteConnection connection, string databasePath)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", Key);
        if (command.ExecuteScalar() is not string body)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var weights = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                weights[entry.GetProperty("role").GetString()!] = entry.GetProperty("weight").GetDouble();
            }

            return weights.Count == 0 ? null : weights.ToImmutable();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InvalidOperationException($"The stored weights in '{databasePath}' are unreadable: {e.Message}", e);
        }
    }

    public static void Write(SqliteTransaction transaction, ImmutableSortedDictionary<string, double> weights)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (role, weight) in weights)
            {
                writer.WriteStartObject();
                writer.WriteString("role", role);
                writer.WriteNumber("weight", JsonWriting.Finite(weight));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", Key);
        command.Parameters.AddWithValue("$value", Encoding.UTF8.GetString(buffer.ToArray()));
        command.ExecuteNonQuery();
    }
}
