using System.Text.Json;
using System.Text.Json.Serialization;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Persistence;

/// <summary>The stored form of an <see cref="Instance"/>: a flat JSON record of its own, independent of the <c>/v2</c> task JSON.</summary>
internal static class StoredInstanceJson
{
    public static string Write(Instance instance) => JsonSerializer.Serialize(
        new Row
        {
            Id = instance.Id.Value,
            AppId = instance.AppId.Value,
            AppVersion = instance.AppVersion.ToUnixTimeMilliseconds(),
            Goal = instance.Goal.ToString(),
            Incarnation = instance.Incarnation,
            State = instance.State,
            AgentId = instance.AgentId,
            Hostname = instance.Hostname,
            AgentIp = instance.AgentIp,
            AgentAttributes = instance.AgentAttributes.Count == 0 ? null : new Dictionary<string, string>(instance.AgentAttributes),
            HostPorts = instance.HostPorts.Count == 0 ? null : [.. instance.HostPorts],
            StagedAt = instance.StagedAt?.ToUnixTimeMilliseconds(),
            StartedAt = instance.StartedAt?.ToUnixTimeMilliseconds(),
            Healthy = instance.Healthy,
            UnreachableSince = instance.UnreachableSince?.ToUnixTimeMilliseconds(),
            UnreachableInactive = instance.UnreachableInactive ? true : null,
        },
        StoredInstanceJsonContext.Default.Row);

    public static Instance Read(string body)
    {
        var row = JsonSerializer.Deserialize(body, StoredInstanceJsonContext.Default.Row) ?? throw new JsonException("An instance row is empty.");
        return new Instance
        {
            Id = new InstanceId(row.Id),
            AppId = PathId.Parse(row.AppId),
            AppVersion = DateTimeOffset.FromUnixTimeMilliseconds(row.AppVersion),
            Goal = Enum.Parse<InstanceGoal>(row.Goal),
            Incarnation = row.Incarnation,
            State = row.State,
            AgentId = row.AgentId,
            Hostname = row.Hostname,
            AgentIp = row.AgentIp,
            AgentAttributes = row.AgentAttributes ?? [],
            HostPorts = row.HostPorts ?? [],
            StagedAt = Time(row.StagedAt),
            StartedAt = Time(row.StartedAt),
            Healthy = row.Healthy,
            UnreachableSince = Time(row.UnreachableSince),
            UnreachableInactive = row.UnreachableInactive ?? false,
        };
    }

    private static DateTimeOffset? Time(long? milliseconds) => milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    internal sealed record Row
    {
        public required string Id { get; init; }

        public required string AppId { get; init; }

        public long AppVersion { get; init; }

        public required string Goal { get; init; }

        public int Incarnation { get; init; }

        public string? State { get; init; }

        public string? AgentId { get; init; }

        public string? Hostname { get; init; }

        public string? AgentIp { get; init; }

        public Dictionary<string, string>? AgentAttributes { get; init; }

        public int[]? HostPorts { get; init; }

        public long? StagedAt { get; init; }

        public long? StartedAt { get; init; }

        public bool? Healthy { get; init; }

        public long? UnreachableSince { get; init; }

        public bool? UnreachableInactive { get; init; }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredInstanceJson.Row))]
internal sealed partial class StoredInstanceJsonContext : JsonSerializerContext;
