using System.Text.Json;
using Drydock.Client.Scheduler;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Tests.Scheduler;

/// <summary>The calls the client writes, read back by the master's own call reader (and checked field by field where it keeps raw JSON).</summary>
public sealed class SchedulerCallJsonTests
{
    private static (SchedulerCall Call, JsonElement Root) Read(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var read = SchedulerCall.Read(document.RootElement);
        Assert.True(read.Succeeded, read.Error);
        Assert.Null(read.Value.Validate());
        return (read.Value, document.RootElement.Clone());
    }

    private static TaskInfo FullTask() => new("t1", "web", "a1", [
        new Resource("cpus", Value.OfScalar(0.5)),
        new Resource("mem", Value.OfScalar(64)),
        new Resource("ports", Value.OfRanges([new ValueRange(31002, 31002)])),
    ])
    {
        Command = new CommandInfo("/bin/server")
        {
            Shell = false,
            Arguments = ["/bin/server", "--port", "31002"],
            User = "nobody",
            Environment = new Dictionary<string, string> { ["MODE"] = "prod", ["A"] = "1" },
            Uris = [new CommandUri("http://example.invalid/app.tgz") { Extract = true, Cache = false, Executable = false, OutputFile = "app.tgz" }],
        },
        HealthCheck = new HealthCheck(HealthCheckType.HTTP)
        {
            DelaySeconds = 1,
            IntervalSeconds = 2,
            TimeoutSeconds = 3,
            ConsecutiveFailures = 4,
            GracePeriodSeconds = 5,
            Http = new HttpHealthCheck(31002) { Path = "/health", Scheme = "http", Statuses = [200, 204], Protocol = "IPv4" },
        },
        KillGracePeriod = TimeSpan.FromSeconds(7),
        Labels = [new Label("team", "ops")],
        Discovery = new DiscoveryInfo("CLUSTER") { Name = "web", Ports = [new DiscoveryPort(31002) { Name = "http", Protocol = "tcp" }] },
        AllocationRole = "*",
    };

    [Fact]
    public void Accept_FullTaskInfo_ReadBackByTheMastersReader()
    {
        var (call, root) = Read(SchedulerCallJson.Accept("f1", ["o1"], [FullTask()], new Filters(0)));

        var task = Assert.Single(call.Launches);
        Assert.Equal(("ACCEPT", "f1", 0.0), (call.Type, call.FrameworkId, call.RefuseSeconds));
        Assert.Equal(["o1"], call.OfferIds);
        Assert.Equal(("t1", "web", "a1", "/bin/server", false, "nobody"), (task.TaskId, task.Name, task.AgentId, task.Command, task.Shell, task.User));
        Assert.Equal(["/bin/server", "--port", "31002"], task.Arguments);
        Assert.Equal("prod", task.Environment["MODE"]);
        Assert.Equal(7_000_000_000, task.KillGracePeriodNanoseconds);
        Assert.Equal([new ValueRange(31002, 31002)], task.Resources[2].Value.Ranges);
        Assert.Equal(new Label("team", "ops"), Assert.Single(task.Labels));
        Assert.Equal("CLUSTER", task.Discovery!.Value.GetProperty("visibility").GetString());
        Assert.Equal(31002, task.Discovery!.Value.GetProperty("ports").GetProperty("ports")[0].GetProperty("number").GetInt32());

        var info = root.GetProperty("accept").GetProperty("operations")[0].GetProperty("launch").GetProperty("task_infos")[0];
        var uri = info.GetProperty("command").GetProperty("uris")[0];
        Assert.Equal(("http://example.invalid/app.tgz", true, false, "app.tgz"), (uri.GetProperty("value").GetString(), uri.GetProperty("extract").GetBoolean(), uri.GetProperty("cache").GetBoolean(), uri.GetProperty("output_file").GetString()));
        var check = info.GetProperty("health_check");
        Assert.Equal("HTTP", check.GetProperty("type").GetString());
        Assert.Equal(4, check.GetProperty("consecutive_failures").GetInt32());
        Assert.Equal(5, check.GetProperty("grace_period_seconds").GetDouble());
        Assert.Equal("/health", check.GetProperty("http").GetProperty("path").GetString());
        Assert.Equal([200, 204], check.GetProperty("http").GetProperty("statuses").EnumerateArray().Select(s => s.GetInt32()));
        Assert.False(check.TryGetProperty("tcp", out _));
        Assert.Equal("*", info.GetProperty("resources")[0].GetProperty("allocation_info").GetProperty("role").GetString());
        Assert.Equal("VALUE", info.GetProperty("command").GetProperty("environment").GetProperty("variables")[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(HealthCheckType.TCP, "tcp")]
    [InlineData(HealthCheckType.COMMAND, "command")]
    public void Accept_OtherHealthChecks_OnlyTheirPayload(HealthCheckType type, string payload)
    {
        var task = FullTask() with
        {
            HealthCheck = new HealthCheck(type) { Tcp = new TcpHealthCheck(31002), Command = new CommandInfo("curl -f localhost:31002"), Http = new HttpHealthCheck(1) },
        };

        var (_, root) = Read(SchedulerCallJson.Accept("f1", ["o1"], [task], null));

        var check = root.GetProperty("accept").GetProperty("operations")[0].GetProperty("launch").GetProperty("task_infos")[0].GetProperty("health_check");
        Assert.Equal(type.ToString(), check.GetProperty("type").GetString());
        Assert.True(check.TryGetProperty(payload, out _));
        Assert.Equal(2, check.EnumerateObject().Count(p => p.Name is "http" or "tcp" or "command") + 1);
    }

    [Fact]
    public void Subscribe_NewFramework_NoIdsAndTheInfoAsTyped()
    {
        var info = new FrameworkInfo
        {
            User = "root",
            Name = "marathon",
            FailoverTimeoutSeconds = 3600,
            Checkpoint = true,
            Roles = ["web", "batch"],
            Capabilities = [FrameworkCapability.PartitionAware, FrameworkCapability.MultiRole],
            Hostname = "h1",
            WebuiUrl = "http://h1:8080",
            Principal = "p1",
        };

        var (call, root) = Read(SchedulerCallJson.Subscribe(info));
        var (again, againRoot) = Read(SchedulerCallJson.Subscribe(info with { Id = "f1" }));

        Assert.Null(call.FrameworkId);
        Assert.False(root.GetProperty("subscribe").GetProperty("framework_info").TryGetProperty("id", out _));
        var read = call.Subscribe!;
        Assert.Equal(("root", "marathon", 3600.0, true), (read.User, read.Name, read.FailoverTimeoutSeconds, read.Checkpoint));
        Assert.Equal(("h1", "http://h1:8080", "p1", (string?)null), (read.Hostname, read.WebuiUrl, read.Principal, read.Id));
        Assert.Equal(info.Roles, call.Subscribe!.Roles);
        Assert.Equal(info.Capabilities, call.Subscribe!.Capabilities);
        Assert.Equal(("f1", "f1"), (again.FrameworkId, again.Subscribe!.Id));
        Assert.Equal("f1", againRoot.GetProperty("subscribe").GetProperty("framework_info").GetProperty("id").GetProperty("value").GetString());
    }

    [Fact]
    public void OtherCalls_ReadBackWithTheirPayloads()
    {
        var (kill, killRoot) = Read(SchedulerCallJson.Kill("f1", "t1", "a1", TimeSpan.FromSeconds(3)));
        var (ack, _) = Read(SchedulerCallJson.Acknowledge("f1", "a1", "t1", "AAECAwQFBgcICQoLDA0ODw=="));
        var (explicitly, _) = Read(SchedulerCallJson.Reconcile("f1", [("t1", "a1"), ("t2", null)]));
        var (implicitly, _) = Read(SchedulerCallJson.Reconcile("f1", []));
        var (decline, _) = Read(SchedulerCallJson.Decline("f1", ["o1", "o2"], new Filters(3600)));
        var (inverse, _) = Read(SchedulerCallJson.AnswerInverseOffers("f1", accept: false, ["io1"], new Filters(1)));
        var (_, suppressRoot) = Read(SchedulerCallJson.Roles("f1", "SUPPRESS", ["web"]));
        var (revive, reviveRoot) = Read(SchedulerCallJson.Roles("f1", "REVIVE", []));
        var (teardown, _) = Read(SchedulerCallJson.Teardown("f1"));

        Assert.Equal(("t1", "a1"), (kill.TaskId, kill.AgentId));
        Assert.Equal(3_000_000_000, killRoot.GetProperty("kill").GetProperty("kill_policy").GetProperty("grace_period").GetProperty("nanoseconds").GetInt64());
        Assert.Equal(("t1", "a1", "AAECAwQFBgcICQoLDA0ODw=="), (ack.TaskId, ack.AgentId, ack.Uuid));
        Assert.Equal([("t1", "a1"), ("t2", (string?)null)], explicitly.ReconcileTasks);
        Assert.Empty(implicitly.ReconcileTasks);
        Assert.Equal(["o1", "o2"], decline.OfferIds);
        Assert.Equal(3600.0, decline.RefuseSeconds);
        Assert.Equal(("DECLINE_INVERSE_OFFERS", 1.0), (inverse.Type, inverse.RefuseSeconds));
        Assert.Equal(["io1"], inverse.InverseOfferIds);
        Assert.Equal("web", suppressRoot.GetProperty("suppress").GetProperty("roles")[0].GetString());
        Assert.Equal("REVIVE", revive.Type);
        Assert.False(reviveRoot.TryGetProperty("revive", out _));
        Assert.Equal("TEARDOWN", teardown.Type);
    }
}
