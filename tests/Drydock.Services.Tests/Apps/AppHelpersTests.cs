using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Apps;

public sealed class AppHelpersTests
{
    private static AppDefinition App(string id, params int[] ports) =>
        new() { Id = PathId.Parse(id), Cmd = "a b", PortDefinitions = ports.Select(p => new PortDefinition(p)).ToArray() };

    [Fact]
    public void Assign_ZeroPorts_GetFreePortsUniqueAcrossApps()
    {
        var others = new[] { App("/a", 10000, 10002), App("/b", 10001) };

        var assigned = new ServicePortAssigner().Assign(App("/c", 0, 10003, 0), others)!;

        Assert.Equal([10004, 10003, 10005], assigned.ServicePorts);
    }

    [Fact]
    public void Assign_AppsOwnOldPortsAndAssignedPorts_AreKept()
    {
        var stored = App("/c", 10000);

        var assigned = new ServicePortAssigner().Assign(stored, [stored, App("/a", 0)])!;

        Assert.Same(stored, assigned);
    }

    [Fact]
    public void Assign_RangeExhausted_GivesNull() =>
        Assert.Null(new ServicePortAssigner(10000, 10001).Assign(App("/c", 0, 0), [App("/a", 10000)]));

    [Fact]
    public void Environment_HasMarathonsVariablesAndTheUsersEnvLast()
    {
        var app = AppBodies.Created("""
            {"id":"/prod/web","cmd":"a b","cpus":0.25,"mem":64,"portDefinitions":[{"port":0,"name":"http"},{"port":9000}],
             "labels":{"tier":"web","my.key-1":"v","long":"LONG"},"env":{"PORT":"80","EXTRA":"x"}}
            """.Replace("LONG", new string('x', 513), StringComparison.Ordinal)) with { Version = new DateTimeOffset(2020, 3, 1, 12, 0, 0, TimeSpan.Zero) };

        var env = TaskEnvironment.Build(app, "prod_web.instance-1._app.1", "host-1", [31001, 31002]);

        Assert.Equal("31001", env["PORT0"]);
        Assert.Equal("31002", env["PORT1"]);
        Assert.Equal("31001", env["PORT_HTTP"]);
        Assert.Equal("31002", env["PORT_9000"]);
        Assert.Equal("31001,31002", env["PORTS"]);
        Assert.Equal("80", env["PORT"]);
        Assert.Equal("x", env["EXTRA"]);
        Assert.Equal("host-1", env["HOST"]);
        Assert.Equal("/prod/web", env["MARATHON_APP_ID"]);
        Assert.Equal("2020-03-01T12:00:00.000Z", env["MARATHON_APP_VERSION"]);
        Assert.Equal(("0.25", "64.0", "0.0"), (env["MARATHON_APP_RESOURCE_CPUS"], env["MARATHON_APP_RESOURCE_MEM"], env["MARATHON_APP_RESOURCE_DISK"]));
        Assert.Equal("TIER MY_KEY_1", env["MARATHON_APP_LABELS"]);
        Assert.Equal("v", env["MARATHON_APP_LABEL_MY_KEY_1"]);
        Assert.False(env.ContainsKey("MARATHON_APP_LABEL_LONG"));
        Assert.Equal("prod_web.instance-1._app.1", env["MESOS_TASK_ID"]);
    }

    [Fact]
    public void Environment_NoPorts_NoPortVariables()
    {
        var env = TaskEnvironment.Build(App("/w"), "t", "h", []);

        Assert.DoesNotContain(env.Keys, k => k.StartsWith("PORT", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tier", true)]
    [InlineData("tier==web", true)]
    [InlineData("tier == web", true)]
    [InlineData("tier==db", false)]
    [InlineData("tier!=db", true)]
    [InlineData("tier!=web", false)]
    [InlineData("missing!=web", false)]
    [InlineData("tier in (db, web)", true)]
    [InlineData("tier notin (db,web)", false)]
    [InlineData("tier,env==prod", true)]
    [InlineData("tier,env==dev", false)]
    [InlineData("odd\\,key==a\\=b", true)]
    [InlineData("missing", false)]
    public void LabelSelector_Matches(string selector, bool expected)
    {
        var labels = new Dictionary<string, string> { ["tier"] = "web", ["env"] = "prod", ["odd,key"] = "a=b" };

        var parsed = LabelSelector.TryParse(selector, out var error);

        Assert.Null(error);
        Assert.Equal(expected, parsed!.Matches(labels));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a==")]
    [InlineData("a in b")]
    [InlineData("a in (b")]
    [InlineData("a,,b")]
    [InlineData("a b")]
    [InlineData("==b")]
    public void LabelSelector_NotASelector_GivesError(string selector)
    {
        Assert.Null(LabelSelector.TryParse(selector, out var error));
        Assert.Equal($"Can not parse label selector {selector}", error);
    }

    [Fact]
    public void AppFilter_CmdAndIdContainWithoutCase()
    {
        var app = AppBodies.Created("""{"id":"/prod/Web-1","cmd":"Python3 -m http.server","labels":{"tier":"web"}}""".Replace("Web", "web", StringComparison.Ordinal));

        Assert.True(new AppFilter(Cmd: "python3").Matches(app));
        Assert.True(new AppFilter(Id: "PROD/WEB").Matches(app));
        Assert.False(new AppFilter(Id: "db").Matches(app));
        Assert.True(AppFilter.TryCreate(null, null, "tier==web", out _)!.Matches(app));
        Assert.Null(AppFilter.TryCreate(null, null, "tier in", out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData(new[] { "app.tasks" }, (int)(AppEmbed.Tasks | AppEmbed.Deployments))]
    [InlineData(new[] { "apps.counts", "group.apps.readiness" }, (int)(AppEmbed.Counts | AppEmbed.Readiness))]
    [InlineData(new[] { "failures" }, (int)(AppEmbed.Tasks | AppEmbed.LastTaskFailure | AppEmbed.Deployments))]
    [InlineData(new[] { "app.taskStats", "app.lastTaskFailure" }, (int)(AppEmbed.TaskStats | AppEmbed.LastTaskFailure))]
    [InlineData(new[] { "app.counts,app.tasks", "unknown", "app.tasksStats" }, (int)AppEmbed.None)]
    public void Embeds_Parse(string[] values, int expected) => Assert.Equal((AppEmbed)expected, AppEmbeds.Parse(values));

    [Fact]
    public void Embeds_Always_AreKept() =>
        Assert.Equal(AppEmbeds.ForList | AppEmbed.TaskStats, AppEmbeds.Parse(["app.taskStats"], AppEmbeds.ForList));

    [Theory]
    [InlineData("2020-03-01T12:00:00.000Z", "2020-03-01T12:00:00.000Z")]
    [InlineData("2020-03-01T12:00:00Z", "2020-03-01T12:00:00.000Z")]
    [InlineData("2020-03-01T12:00:00.5Z", "2020-03-01T12:00:00.500Z")]
    [InlineData("2017-11-09T08:43:59.89Z", "2017-11-09T08:43:59.890Z")]
    public void MarathonTime_ParseThenFormat(string text, string expected)
    {
        Assert.True(MarathonTime.TryParse(text, out var time));
        Assert.Equal(expected, MarathonTime.Format(time));
    }

    [Theory]
    [InlineData("2020-03-01T12:00:00+00:00")]
    [InlineData("2020-03-01T12:00:00")]
    [InlineData("2020-03-01")]
    [InlineData(null)]
    public void MarathonTime_OtherForms_AreRefused(string? text) => Assert.False(MarathonTime.TryParse(text, out _));

    [Fact]
    public void MarathonTime_Truncate_DropsBelowAMillisecond() =>
        Assert.Equal(
            new DateTimeOffset(2020, 3, 1, 12, 0, 0, 123, TimeSpan.Zero),
            MarathonTime.Truncate(new DateTimeOffset(2020, 3, 1, 14, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567)));
}
