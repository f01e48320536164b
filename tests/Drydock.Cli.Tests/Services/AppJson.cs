using System.Globalization;

namespace Drydock.Cli.Tests.Services;

/// <summary>App replies in Marathon's shape, with the counts and versions a test needs.</summary>
internal static class AppJson
{
    public const string Version = "2020-03-01T12:00:00.000Z";

    public static string App(
        string id = "/prod/api",
        int instances = 2,
        int running = 2,
        int? healthy = null,
        string version = Version,
        string[]? deployments = null,
        string? lastFailure = null) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            {"id":"{{id}}","cmd":"python3 -m http.server $PORT0","cpus":0.1,"mem":64.0,"disk":0,"instances":{{instances}},"executor":"","labels":{},
             "version":"{{version}}","tasksStaged":0,"tasksRunning":{{running}},"tasksHealthy":{{healthy ?? 0}},"tasksUnhealthy":0,
             {{(healthy is null ? string.Empty : "\"healthChecks\":[{\"protocol\":\"MESOS_HTTP\",\"path\":\"/\"}],")}}
             {{(lastFailure is null ? string.Empty : "\"lastTaskFailure\":{\"appId\":\"" + id + "\",\"host\":\"10.0.1.6\",\"message\":\"" + lastFailure + "\",\"state\":\"TASK_FAILED\",\"taskId\":\"t1\",\"timestamp\":\"" + version + "\"},")}}
             "deployments":[{{string.Join(",", (deployments ?? []).Select(d => "{\"id\":\"" + d + "\"}"))}}]}
            """);

    public static string Wrapped(string app) => "{\"app\":" + app + "}";

    public static string Deployment(string id, string app, string action = "ScaleApplication", string version = Version) => $$"""
        {"id":"{{id}}","version":"{{version}}","affectedApps":["{{app}}"],"affectedPods":[],
         "steps":[{"actions":[{"action":"{{action}}","app":"{{app}}"}]}],
         "currentActions":[{"action":"{{action}}","app":"{{app}}","readinessCheckResults":[]}],"currentStep":1,"totalSteps":1}
        """;

    public static string Result(string id, string version = Version) => $$"""{"deploymentId":"{{id}}","version":"{{version}}"}""";

    public const string Task = """
        {"id":"prod_api.instance-1b2c._app.1","appId":"/prod/api","host":"10.0.1.5","slaveId":"S1","state":"TASK_RUNNING",
         "stagedAt":"2020-03-01T12:00:01.000Z","startedAt":"2020-03-01T12:00:03.000Z","version":"2020-03-01T12:00:00.000Z",
         "ports":[31842,31843],"servicePorts":[],"healthCheckResults":[{"alive":true,"consecutiveFailures":0}],"localVolumes":[],"role":"*"}
        """;
}
