using System.Text.Json;

namespace Drydock.Agent.Http;

/// <summary>What the agent knows of a framework: the FrameworkInfo the master sent with its first task here.</summary>
internal sealed record FrameworkRecord(string Id, string Name, string User, string Hostname, double FailoverTimeout, bool Checkpoint, IReadOnlyList<string> Roles, IReadOnlyList<string> Capabilities, string? Principal)
{
    /// <summary>Reads a checkpointed FrameworkInfo (protobuf JSON); what is missing or unreadable takes Mesos's defaults.</summary>
    public static FrameworkRecord Read(string id, string? json)
    {
        string name = string.Empty, user = string.Empty, hostname = string.Empty;
        string? principal = null;
        double failover = 0;
        var checkpoint = false;
        var roles = new List<string>();
        var capabilities = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json ?? "{}");
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                name = Text(root, "name") ?? string.Empty;
                user = Text(root, "user") ?? string.Empty;
                hostname = Text(root, "hostname") ?? string.Empty;
                principal = Text(root, "principal");
                failover = root.TryGetProperty("failover_timeout", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : 0;
                checkpoint = root.TryGetProperty("checkpoint", out var c) && c.ValueKind == JsonValueKind.True;
                roles.AddRange(Strings(root, "roles"));
                if (roles.Count == 0 && Text(root, "role") is { } role)
                {
                    roles.Add(role);
                }

                if (root.TryGetProperty("capabilities", out var caps) && caps.ValueKind == JsonValueKind.Array)
                {
                    capabilities.AddRange(caps.EnumerateArray()
                        .Where(e => e.ValueKind == JsonValueKind.Object)
                        .Select(e => Text(e, "type"))
                        .OfType<string>());
                }
            }
        }
        catch (JsonException)
        {
            // A torn or foreign file: the framework is still listed, by its id.
        }

        return new FrameworkRecord(id, name, user, hostname, failover, checkpoint, roles.Count > 0 ? roles : ["*"], capabilities, principal);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
            : [];
}
