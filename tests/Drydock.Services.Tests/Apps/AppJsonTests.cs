using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Apps;

public sealed class AppJsonTests
{
    // marathon.md §3.1's host-networking example, its tasks embed left empty.
    private const string Sample = """
        {"id":"/web","cmd":"python3 -m http.server $PORT0","backoffFactor":1.15,"backoffSeconds":1,"cpus":0.1,"disk":0,
         "executor":"","instances":2,"labels":{},"maxLaunchDelaySeconds":300,"mem":64,"gpus":0,"networks":[{"mode":"host"}],
         "portDefinitions":[{"port":10000,"name":"default","protocol":"tcp"}],"requirePorts":false,
         "upgradeStrategy":{"maximumOverCapacity":1,"minimumHealthCapacity":1},"version":"2020-03-01T12:00:00.000Z",
         "versionInfo":{"lastScalingAt":"2020-03-01T12:00:00.000Z","lastConfigChangeAt":"2020-03-01T11:00:00.000Z"},
         "killSelection":"YOUNGEST_FIRST","unreachableStrategy":{"inactiveAfterSeconds":0,"expungeAfterSeconds":0},"role":"*",
         "tasksStaged":0,"tasksRunning":2,"tasksHealthy":0,"tasksUnhealthy":0,"deployments":[],"tasks":[]}
        """;

    private static readonly DateTimeOffset Noon = new(2020, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] UpgradeKeys = ["maximumOverCapacity", "minimumHealthCapacity"];
    private static readonly string[] UnreachableKeys = ["inactiveAfterSeconds", "expungeAfterSeconds"];
    private static readonly string[] VersionInfoKeys = ["lastScalingAt", "lastConfigChangeAt"];
    private static readonly string[] PortKeys = ["port", "protocol", "name", "labels"];
    private static readonly string[] ReadinessKeys = ["name", "protocol", "path", "portName", "intervalSeconds", "httpStatusCodesForReady", "preserveLastResponse", "timeoutSeconds"];
    private static readonly string[] ContainerKeys = ["docker", "type", "portMappings", "volumes"];
    private static readonly string[] FailureKeys = ["appId", "host", "message", "taskId", "instanceId", "slaveId", "state", "timestamp", "version"];

    [Fact]
    public void Write_SampleAppReadBack_IsTheSample()
    {
        var app = AppBodies.Created(Sample) with { Version = Noon, VersionInfo = new VersionInfo(Noon, Noon.AddHours(-1)) };

        var json = AppJson.ToJson(app, w =>
        {
            AppEmbedWriter.WriteCounts(w, new TaskCounts(0, 2, 0, 0));
            AppEmbedWriter.WriteDeployments(w, []);
            AppEmbedWriter.WriteTasks(w, app, []);
        });

        JsonAssert.Equivalent(Sample, json);
    }

    [Fact]
    public void Write_MinimalApp_OmitsUnsetAndEmptyFieldsAndWritesDefaults()
    {
        var json = AppJson.ToJson(AppBodies.Created("""{"id":"/w","cmd":"sleep 1"}"""));

        JsonAssert.Equivalent(
            """
            {"id":"/w","cmd":"sleep 1","instances":1,"cpus":1,"mem":128,"disk":0,"gpus":0,"executor":"","backoffSeconds":1,
             "backoffFactor":1.15,"maxLaunchDelaySeconds":300,"upgradeStrategy":{"minimumHealthCapacity":1,"maximumOverCapacity":1},
             "labels":{},"killSelection":"YOUNGEST_FIRST","unreachableStrategy":{"inactiveAfterSeconds":0,"expungeAfterSeconds":0},
             "networks":[{"mode":"host"}],"portDefinitions":[{"port":0,"protocol":"tcp","name":"default"}],"requirePorts":false,"role":"*"}
            """,
            json);
    }

    [Fact]
    public void Write_FullApp_OnlyKeysThePythonClientAccepts()
    {
        var app = AppBodies.Created(FullApp) with { Version = Noon, VersionInfo = new VersionInfo(Noon, Noon) };
        var failure = new LastTaskFailure(app.Id, "h1", "boom", "TASK_FAILED", "w.instance-x._app.1", Noon, Noon) { SlaveId = "a1" };

        using var doc = JsonDocument.Parse(AppJson.ToJson(app, w =>
        {
            AppEmbedWriter.WriteCounts(w, TaskCounts.None);
            AppEmbedWriter.WriteDeployments(w, ["d"]);
            AppEmbedWriter.WriteTasks(w, app, []);
            AppEmbedWriter.WriteLastTaskFailure(w, failure);
            AppEmbedWriter.WriteReadinessCheckResults(w, [new ReadinessCheckResult("readinessCheck", "t", true)]);
            AppEmbedWriter.WriteTaskStats(w, TaskStats.Of(app, [], Noon));
        }));
        var root = doc.RootElement;

        Assert.All(JsonAssert.Keys(root), k => Assert.Contains(k, AppJson.Keys));
        Assert.DoesNotContain("tasksStats", JsonAssert.Keys(root));
        Assert.All(JsonAssert.Keys(root.GetProperty("upgradeStrategy")), k => Assert.Contains(k, UpgradeKeys));
        Assert.All(JsonAssert.Keys(root.GetProperty("unreachableStrategy")), k => Assert.Contains(k, UnreachableKeys));
        Assert.All(JsonAssert.Keys(root.GetProperty("versionInfo")), k => Assert.Contains(k, VersionInfoKeys));
        Assert.All(JsonAssert.Keys(root.GetProperty("container")), k => Assert.Contains(k, ContainerKeys));
        Assert.All(JsonAssert.Keys(root.GetProperty("lastTaskFailure")), k => Assert.Contains(k, FailureKeys));
        Assert.All(root.GetProperty("portDefinitions").EnumerateArray(), p => Assert.All(JsonAssert.Keys(p), k => Assert.Contains(k, PortKeys)));
        Assert.All(root.GetProperty("readinessChecks").EnumerateArray(), p => Assert.All(JsonAssert.Keys(p), k => Assert.Contains(k, ReadinessKeys)));
        Assert.All(root.GetProperty("constraints").EnumerateArray(), c => Assert.InRange(c.GetArrayLength(), 2, 3));
        Assert.All(root.GetProperty("env").EnumerateObject(), e => Assert.Equal(JsonValueKind.String, e.Value.ValueKind));
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameApp()
    {
        var app = AppBodies.Created(FullApp) with { Version = Noon };

        var written = AppJson.ToJson(app);
        var again = AppBodies.Created(written) with { Version = Noon };

        Assert.Equal(written, AppJson.ToJson(again));
    }

    [Fact]
    public void Write_HealthCheck_EchoesEveryDefault()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","healthChecks":[{"path":"/health"}]}""");

        using var doc = JsonDocument.Parse(AppJson.ToJson(app));

        JsonAssert.Equivalent(
            """{"gracePeriodSeconds":300,"ignoreHttp1xx":false,"intervalSeconds":60,"maxConsecutiveFailures":3,"path":"/health","portIndex":0,"protocol":"HTTP","ipProtocol":"IPv4","timeoutSeconds":20,"delaySeconds":15}""",
            doc.RootElement.GetProperty("healthChecks")[0].GetRawText());
    }

    [Fact]
    public void Write_CommandCheck_ShowsItsCommandOnly()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"COMMAND","command":{"value":"true"}}]}""");

        using var doc = JsonDocument.Parse(AppJson.ToJson(app));

        JsonAssert.Equivalent(
            """{"protocol":"COMMAND","command":{"value":"true"},"gracePeriodSeconds":300,"intervalSeconds":60,"timeoutSeconds":20,"maxConsecutiveFailures":3,"delaySeconds":15}""",
            doc.RootElement.GetProperty("healthChecks")[0].GetRawText());
    }

    [Fact]
    public void Write_DisabledUnreachableStrategy_IsTheString()
    {
        var json = AppJson.ToJson(AppBodies.Created("""{"id":"/w","cmd":"a b","unreachableStrategy":"disabled"}"""));

        Assert.Contains("\"unreachableStrategy\":\"disabled\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Timestamps_HaveThreeFractionDigitsAndZ()
    {
        var at = new DateTimeOffset(2021, 7, 4, 10, 30, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b"}""") with { Version = at, VersionInfo = new VersionInfo(at, at) };

        var json = AppJson.ToJson(app);

        Assert.Contains("\"version\":\"2021-07-04T08:30:05.123Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"lastConfigChangeAt\":\"2021-07-04T08:30:05.123Z\"", json, StringComparison.Ordinal);
    }

    private const string FullApp = """
        {"id":"/prod/w","cmd":"run $PORT0","user":"svc","env":{"A":"1"},"instances":3,"cpus":0.5,"mem":256,"disk":10,
         "constraints":[["hostname","UNIQUE"],["rack","GROUP_BY","2"]],"fetch":[{"uri":"http://h/a.tgz","destPath":"a"}],
         "portDefinitions":[{"port":0,"name":"http-api","labels":{"VIP":"1.2.3.4:80"}},{"port":9000,"protocol":"udp"}],
         "requirePorts":true,"container":{"type":"MESOS","volumes":[{"containerPath":"d","hostPath":"/srv","mode":"RO"}]},
         "healthChecks":[{"protocol":"MESOS_HTTP","path":"/h"},{"protocol":"COMMAND","command":{"value":"true"}}],
         "readinessChecks":[{"portName":"http-api","httpStatusCodesForReady":[200,204]}],
         "upgradeStrategy":{"minimumHealthCapacity":0.5,"maximumOverCapacity":0.25},
         "unreachableStrategy":{"inactiveAfterSeconds":60,"expungeAfterSeconds":120},"killSelection":"OLDEST_FIRST",
         "backoffSeconds":2,"backoffFactor":2,"maxLaunchDelaySeconds":60,"taskKillGracePeriodSeconds":5,
         "labels":{"tier":"web"},"dependencies":["/prod/db"],"acceptedResourceRoles":["*"],"role":"prod"}
        """;
}
