using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Tests.Deployments;

/// <summary>Small builders for the Deployments tests.</summary>
internal static class TestApps
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static AppDefinition App(string id, int instances = 1, DateTimeOffset? version = null, DateTimeOffset? configAt = null, params string[] dependencies)
    {
        var at = version ?? T0;
        return new AppDefinition
        {
            Id = PathId.Parse(id),
            Cmd = "sleep 1000",
            Instances = instances,
            Version = at,
            VersionInfo = new VersionInfo(at, configAt ?? at),
            Dependencies = dependencies.Select(d => PathId.Parse(d)).ToArray(),
        };
    }

    public static Dictionary<PathId, AppDefinition> Set(params AppDefinition[] apps) => apps.ToDictionary(a => a.Id);

    public static Instance Running(string app, string name, DateTimeOffset startedAt, string? host = null) => new()
    {
        Id = new InstanceId($"{app.TrimStart('/')}.instance-{name}"),
        AppId = PathId.Parse(app),
        AppVersion = T0,
        Incarnation = 1,
        State = TaskStates.Running,
        StagedAt = startedAt.AddSeconds(-1),
        StartedAt = startedAt,
        Hostname = host,
    };
}
