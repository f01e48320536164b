using System.Text.Json;

namespace Drydock.Cli.Commands.Cluster;

/// <summary>
/// Which events <c>drydock events</c> prints: heartbeats only when verbose, and each status update once per
/// (task, uuid), since an agent resends an update until it is acknowledged. Updates without a uuid (the master's own)
/// are each shown.
/// </summary>
internal sealed class EventFilter(bool verbose)
{
    private readonly HashSet<(string Task, string Uuid)> _seen = [];

    public bool Shows(string eventJson)
    {
        if (verbose)
        {
            return true;
        }

        using var document = JsonDocument.Parse(eventJson);
        var root = document.RootElement;
        switch (root.TryGetProperty("type", out var type) ? type.GetString() : null)
        {
            case "HEARTBEAT":
                return false;
            case "TASK_UPDATED" when root.TryGetProperty("task_updated", out var updated)
                && updated.TryGetProperty("status", out var status)
                && status.TryGetProperty("uuid", out var uuid) && uuid.GetString() is { Length: > 0 } id:
                return _seen.Add((ClusterCommands.Id(status, "task_id"), id));
            default:
                return true;
        }
    }
}
