using System.Text;
using System.Text.Json;

namespace Drydock.Agent.Tasks;

/// <summary>
/// A task's status updates as the agent checkpoints them, in <c>task.updates</c> beside the task's <c>task.info</c>:
/// one JSON record per line, <c>{"update":&lt;TaskStatus&gt;}</c> when an update is created and <c>{"ack":"&lt;uuid&gt;"}</c>
/// when the master acknowledges it. Each record is flushed to disk before the agent acts on it, so after a crash
/// the unacknowledged updates are exactly those to send again. A line cut short by a crash is ignored: it was never
/// acted on.
/// </summary>
internal static class StatusUpdateLog
{
    public static void AppendUpdate(string path, string uuid, string state, bool terminal, byte[] statusJson) =>
        Append(path, writer =>
        {
            writer.WriteString("uuid", uuid);
            writer.WriteString("state", state);
            writer.WriteBoolean("terminal", terminal);
            writer.WritePropertyName("update");
            writer.WriteRawValue(statusJson, skipInputValidation: true);
        });

    public static void AppendAck(string path, string uuid) => Append(path, writer => writer.WriteString("ack", uuid));

    /// <summary>
    /// Reads the log (at recovery): every update in order, and which of them were acknowledged. A record cut short by a
    /// crash is cut off the file, so the next record starts on a line of its own.
    /// </summary>
    public static StatusUpdateHistory Read(string path)
    {
        var updates = new List<LoggedUpdate>();
        var acked = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new StatusUpdateHistory(updates, acked);
        }

        TruncateTornRecord(path);

        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var record = JsonDocument.Parse(line);
                var root = record.RootElement;
                if (root.TryGetProperty("ack", out var ack))
                {
                    acked.Add(ack.GetString() ?? string.Empty);
                }
                else if (root.TryGetProperty("update", out var update))
                {
                    updates.Add(new LoggedUpdate(
                        root.GetProperty("uuid").GetString() ?? string.Empty,
                        root.GetProperty("state").GetString() ?? "TASK_LOST",
                        root.GetProperty("terminal").GetBoolean(),
                        Encoding.UTF8.GetBytes(update.GetRawText())));
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // A torn tail was cut off above, so this is a damaged record: the others still count.
                continue;
            }
        }

        return new StatusUpdateHistory(updates, acked);
    }

    private static void TruncateTornRecord(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var length = stream.Length;
        var end = length;
        var one = new byte[1];
        while (end > 0)
        {
            stream.Position = end - 1;
            stream.ReadExactly(one);
            if (one[0] == (byte)'\n')
            {
                break;
            }

            end--;
        }

        if (end != length)
        {
            stream.SetLength(end);
            stream.Flush(flushToDisk: true);
        }
    }

    private static void Append(string path, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>One checkpointed update.</summary>
internal sealed record LoggedUpdate(string Uuid, string State, bool Terminal, byte[] StatusJson);

/// <summary>A task's checkpointed updates and the uuids the master acknowledged.</summary>
internal sealed record StatusUpdateHistory(IReadOnlyList<LoggedUpdate> Updates, IReadOnlySet<string> Acknowledged)
{
    public IEnumerable<LoggedUpdate> Unacknowledged => Updates.Where(u => !Acknowledged.Contains(u.Uuid));

    /// <summary>The latest state the agent knows for the task (null before its first update).</summary>
    public string? LatestState => Updates.Count > 0 ? Updates[^1].State : null;

    public bool EndRecorded => Updates.Any(u => u.Terminal);

    /// <summary>The health the latest update that had one reported (null when none did), for a recovered health check.</summary>
    public bool? LatestHealthy
    {
        get
        {
            for (var i = Updates.Count - 1; i >= 0; i--)
            {
                var parsed = Drydock.Protocol.Scheduler.TaskStatusJson.Parse(Updates[i].StatusJson);
                if (parsed.Succeeded && parsed.Value.Healthy is { } healthy)
                {
                    return healthy;
                }
            }

            return null;
        }
    }
}
