using System.Text.Json.Nodes;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A <c>ClusterStatus</c> reduced to what the maintenance scenarios check: the ids of draining and down machines
/// as compact JSON, sorted (Mesos lists machines in hash order) and joined, and whether any draining machine has
/// inverse-offer statuses.
/// </summary>
internal sealed record StatusView(string Draining, string Down, bool AnyStatuses)
{
    /// <summary>The view expected for these machines (each a compact MachineID JSON object), with no statuses.</summary>
    public static StatusView Of(IEnumerable<string> draining, IEnumerable<string> down) => new(Join(draining), Join(down), false);

    public static StatusView Parse(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var draining = root["draining_machines"]?.AsArray() ?? [];
        var down = root["down_machines"]?.AsArray() ?? [];
        return new StatusView(
            Join(draining.Select(m => m!["id"]!.ToJsonString())),
            Join(down.Select(id => id!.ToJsonString())),
            draining.Any(m => m!["statuses"] is JsonArray { Count: > 0 }));
    }

    private static string Join(IEnumerable<string> ids) => "[" + string.Join(',', ids.Order(StringComparer.Ordinal)) + "]";
}
