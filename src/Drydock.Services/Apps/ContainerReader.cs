using System.Text.Json;

namespace Drydock.Services.Apps;

/// <summary>
/// Reads <c>container</c> and <c>networks</c>. This scheduler runs plain commands on the agent's network, so it takes
/// only no container or <c>{"type":"MESOS"}</c> with host volumes, and only host networking (marathon.md §2.4); every
/// other shape is a rule violation at <c>/container</c> or <c>/networks</c> saying so.
/// </summary>
internal static class ContainerReader
{
    public const string DockerRefused = "Docker containers are not supported: this scheduler runs commands only; leave out 'container' or use {\"type\":\"MESOS\"} without an image";
    public const string ImageRefused = "container images are not supported: this scheduler runs commands only; use {\"type\":\"MESOS\"} without 'docker' or 'appc'";
    public const string PortMappingsRefused = "portMappings are not supported: this scheduler runs commands on host networking only; use portDefinitions";
    public const string LinuxInfoRefused = "linuxInfo is not supported: this scheduler runs commands only";
    public const string VolumeRefused = "only host volumes (containerPath, hostPath, mode) are supported: this scheduler runs commands only";
    public const string NetworkModeRefused = "only host networking is supported: this scheduler runs commands, which use the agent's network";
    public const string HostNetworkNamed = "Host networks may not have names or labels";
    public const string NetworkCount = "May specify a single host network, single bridge network, or else 1-to-n container networks";

    private static readonly Dictionary<string, string> EngineTypes = new(StringComparer.Ordinal) { ["MESOS"] = "MESOS", ["DOCKER"] = "DOCKER" };
    private static readonly Dictionary<string, string> Modes = new(StringComparer.Ordinal) { ["RO"] = "RO", ["RW"] = "RW" };
    private static readonly Dictionary<string, string> NetworkModes = new(StringComparer.Ordinal)
    {
        ["HOST"] = "host",
        ["CONTAINER"] = "container",
        ["CONTAINER/BRIDGE"] = "container/bridge",
    };

    public static ContainerDefinition? ReadContainer(JsonElement app, AppReadScope scope)
    {
        var fields = scope.Fields;
        if (fields.Object(app, "container", "") is not { } container)
        {
            return null;
        }

        const string At = "/container";
        var type = EnumText(container, "type", At, EngineTypes, fields) ?? "MESOS";
        if (type == "DOCKER")
        {
            scope.Rules.Add(At, DockerRefused);
        }
        else if (JsonFields.Has(container, "docker") || JsonFields.Has(container, "appc"))
        {
            scope.Rules.Add(At, ImageRefused);
        }

        if (fields.Array(container, "portMappings", At) is { } mappings && mappings.GetArrayLength() > 0)
        {
            scope.Rules.Add(At, PortMappingsRefused);
        }

        if (JsonFields.Has(container, "linuxInfo"))
        {
            scope.Rules.Add(At, LinuxInfoRefused);
        }

        var volumes = new List<HostVolume>();
        if (fields.Array(container, "volumes", At) is { } array)
        {
            var i = 0;
            foreach (var volume in array.EnumerateArray())
            {
                var vAt = JsonFields.Index(At + "/volumes", i++);
                if (volume.ValueKind != JsonValueKind.Object)
                {
                    scope.Shape.Add(vAt, "error.expected.jsobject");
                    continue;
                }

                if (JsonFields.Has(volume, "persistent") || JsonFields.Has(volume, "external") || JsonFields.Has(volume, "secret"))
                {
                    scope.Rules.Add(At, VolumeRefused);
                    continue;
                }

                var containerPath = fields.RequiredString(volume, "containerPath", vAt, minLength: 1);
                var hostPath = fields.RequiredString(volume, "hostPath", vAt, minLength: 1);
                var mode = EnumText(volume, "mode", vAt, Modes, fields);
                if (!JsonFields.Has(volume, "mode"))
                {
                    scope.Shape.Add(JsonFields.Member(vAt, "mode"), "error.path.missing");
                }

                if (containerPath is not null && hostPath is not null && mode is not null)
                {
                    volumes.Add(new HostVolume(containerPath, hostPath, mode));
                }
            }
        }

        return new ContainerDefinition(type) { Volumes = volumes };
    }

    /// <summary>Checks <c>networks</c>: nothing but one host network is accepted. Nothing is kept: host is the only mode.</summary>
    public static void CheckNetworks(JsonElement app, AppReadScope scope)
    {
        var fields = scope.Fields;
        if (fields.Array(app, "networks", "") is not { } networks)
        {
            return;
        }

        const string At = "/networks";
        var i = 0;
        var hosts = 0;
        foreach (var network in networks.EnumerateArray())
        {
            var nAt = JsonFields.Index(At, i++);
            if (network.ValueKind != JsonValueKind.Object)
            {
                scope.Shape.Add(nAt, "error.expected.jsobject");
                continue;
            }

            var mode = EnumText(network, "mode", nAt, NetworkModes, fields) ?? "container";
            _ = fields.String(network, "name", nAt, minLength: 1);
            var labels = fields.StringMap(network, "labels", nAt);
            if (mode != "host")
            {
                scope.Rules.Add(At, NetworkModeRefused + $" (network mode '{mode}')");
                continue;
            }

            hosts++;
            if (JsonFields.Has(network, "name") || labels is { Count: > 0 })
            {
                scope.Rules.Add(At, HostNetworkNamed);
            }
        }

        if (hosts > 1)
        {
            scope.Rules.Add(At, NetworkCount);
        }
    }

    private static string? EnumText(JsonElement obj, string name, string path, Dictionary<string, string> literals, JsonFields fields) =>
        fields.Enum<EnumBox>(obj, name, path, literals.ToDictionary(p => p.Key, p => new EnumBox(p.Value)))?.Text;

    private readonly record struct EnumBox(string Text);
}
