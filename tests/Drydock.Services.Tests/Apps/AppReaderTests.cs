using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Apps;

public sealed class AppReaderTests
{
    [Fact]
    public void ReadCreate_MinimalApp_GetsMarathonDefaults()
    {
        var app = AppBodies.Created("""{"id":"/web","cmd":"sleep 100"}""");

        Assert.Equal("/web", app.Id.Value);
        Assert.Equal("sleep 100", app.Cmd);
        Assert.Empty(app.Args);
        Assert.Null(app.User);
        Assert.Equal((1, 1.0, 128.0, 0.0, 0), (app.Instances, app.Cpus, app.Mem, app.Disk, app.Gpus));
        Assert.Equal("", app.Executor);
        Assert.Equal([(0, "tcp", "default", 0)], app.PortDefinitions.Select(p => (p.Port, p.Protocol, p.Name, p.Labels.Count)));
        Assert.False(app.RequirePorts);
        Assert.Equal(new UpgradeStrategy(1, 1), app.UpgradeStrategy);
        Assert.Equal(UnreachableStrategy.Default, app.UnreachableStrategy);
        Assert.Equal(KillSelection.YoungestFirst, app.KillSelection);
        Assert.Equal((1, 1.15, 300), (app.BackoffSeconds, app.BackoffFactor, app.MaxLaunchDelaySeconds));
        Assert.Null(app.TaskKillGracePeriodSeconds);
        Assert.Empty(app.Labels);
        Assert.Null(app.AcceptedResourceRoles);
        Assert.Equal("*", app.Role);
        Assert.Null(app.Container);
        Assert.Null(app.VersionInfo);
    }

    [Theory]
    [InlineData("web", "/web")]
    [InlineData("/prod/web/", "/prod/web")]
    [InlineData("//prod//web", "/prod/web")]
    [InlineData("prod/../web", "/web")]
    [InlineData("./prod/web", "/prod/web")]
    [InlineData("a.b-c/d0", "/a.b-c/d0")]
    public void ReadCreate_RelativeOrUntidyId_IsMadeAbsolute(string id, string expected) =>
        Assert.Equal(expected, AppBodies.Created("{\"id\":\"" + id + "\",\"cmd\":\"a b\"}").Id.Value);

    [Fact]
    public void ReadCreate_ExplicitNulls_AreAbsent()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","args":null,"cpus":null,"portDefinitions":null,"ports":null,"dependencies":null,"container":null,"labels":null,"user":null}""");

        Assert.Equal(1, app.Cpus);
        Assert.Single(app.PortDefinitions);
        Assert.Null(app.Container);
        Assert.Empty(app.Dependencies);
    }

    [Fact]
    public void ReadCreate_UnknownAndReadOnlyFields_AreIgnored()
    {
        var app = AppBodies.Created("""
            {"id":"/w","cmd":"a b","tasksRunning":3,"tasksStaged":1,"tasksHealthy":0,"tasksUnhealthy":0,"tasks":[{"id":"x"}],
             "deployments":[{"id":"d"}],"versionInfo":{"lastScalingAt":"x"},"lastTaskFailure":{},"taskStats":{},
             "readinessCheckResults":[],"version":"2020-03-01T12:00:00.000Z","somethingNew":{"deep":[1,2]},"storeUrls":[]}
            """);

        Assert.Equal("a b", app.Cmd);
        Assert.Equal(default, app.Version);
        Assert.Null(app.VersionInfo);
    }

    [Fact]
    public void ReadCreate_Uris_BecomeFetchExtractedByEnding()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","uris":["http://h/a.tgz","http://h/b.tar.gz","http://h/c.zip","http://h/run.sh","file:///opt/d.TXZ"]}""");

        Assert.Equal(
            [("http://h/a.tgz", true), ("http://h/b.tar.gz", true), ("http://h/c.zip", true), ("http://h/run.sh", false), ("file:///opt/d.TXZ", true)],
            app.Fetch.Select(f => (f.Uri, f.Extract)));
        Assert.All(app.Fetch, f => Assert.False(f.Executable || f.Cache));
    }

    [Fact]
    public void ReadCreate_Fetch_KeepsEveryMember()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","fetch":[{"uri":"https://h/x","extract":false,"executable":true,"cache":true,"destPath":"bin/x"}]}""");

        Assert.Equal([new FetchUri("https://h/x", false, true, true, "bin/x")], app.Fetch);
    }

    [Fact]
    public void ReadCreate_Ports_BecomePortDefinitions()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","ports":[0,8080]}""");

        Assert.Equal([(0, "tcp", (string?)null), (8080, "tcp", null)], app.PortDefinitions.Select(p => (p.Port, p.Protocol, p.Name)));
    }

    [Fact]
    public void ReadCreate_PortsEqualToPortDefinitions_AreAccepted()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","ports":[8080],"portDefinitions":[{"port":8080,"name":"http","protocol":"UDP,TCP","labels":{"VIP":"x"}}]}""");

        var port = Assert.Single(app.PortDefinitions);
        Assert.Equal((8080, "udp,tcp", "http"), (port.Port, port.Protocol, port.Name));
        Assert.Equal("x", port.Labels["VIP"]);
    }

    [Fact]
    public void ReadCreate_HealthChecks_GetDefaultsAndPortIndexZeroWhenTheAppHasPorts()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","healthChecks":[{"path":"/health"},{"protocol":"COMMAND","command":{"value":"true"}},{"protocol":"tcp","port":9000}]}""");

        var http = app.HealthChecks[0];
        Assert.Equal((HealthCheckProtocol.Http, 0, (int?)null), (http.Protocol, http.PortIndex, http.Port));
        Assert.Equal((300, 60, 20, 3, 15, false, "IPv4"), (http.GracePeriodSeconds, http.IntervalSeconds, http.TimeoutSeconds, http.MaxConsecutiveFailures, http.DelaySeconds, http.IgnoreHttp1xx, http.IpProtocol));
        Assert.Equal((HealthCheckProtocol.Command, (int?)null, "true"), (app.HealthChecks[1].Protocol, app.HealthChecks[1].PortIndex, app.HealthChecks[1].Command));
        Assert.Equal((HealthCheckProtocol.Tcp, (int?)null, 9000), (app.HealthChecks[2].Protocol, app.HealthChecks[2].PortIndex, app.HealthChecks[2].Port));
    }

    [Fact]
    public void ReadCreate_CommandGiven_IsACommandCheckWhateverTheProtocol()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","healthChecks":[{"protocol":"HTTP","command":{"value":"curl -f localhost"}}]}""");

        Assert.Equal(HealthCheckProtocol.Command, app.HealthChecks[0].Protocol);
    }

    [Fact]
    public void ReadCreate_ReadinessCheck_GetsDefaults()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","portDefinitions":[{"port":0,"name":"http-api"}],"readinessChecks":[{}]}""");

        var check = Assert.Single(app.ReadinessChecks);
        Assert.Equal(("readinessCheck", "HTTP", "/", "http-api", 30, 10, false), (check.Name, check.Protocol, check.Path, check.PortName, check.IntervalSeconds, check.TimeoutSeconds, check.PreserveLastResponse));
        Assert.Equal([200], check.HttpStatusCodesForReady);
    }

    [Fact]
    public void ReadCreate_EnumsAndOperators_MatchWithoutCase()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","killSelection":"oldest_first","constraints":[["hostname","unique"],["rack","group_by","3"],["zone","like","us-.*"]]}""");

        Assert.Equal(KillSelection.OldestFirst, app.KillSelection);
        Assert.Equal(
            [new Constraint("hostname", ConstraintOperator.Unique, null), new Constraint("rack", ConstraintOperator.GroupBy, "3"), new Constraint("zone", ConstraintOperator.Like, "us-.*")],
            app.Constraints);
    }

    [Fact]
    public void ReadCreate_Dependencies_ResolvedAgainstTheAppsGroup()
    {
        var app = AppBodies.Created("""{"id":"/prod/web","cmd":"a b","dependencies":["db","../shared/cache","/x"]}""");

        Assert.Equal(["/prod/db", "/shared/cache", "/x"], app.Dependencies.Select(d => d.Value));
    }

    [Fact]
    public void ReadCreate_SchedulerRole_IsTheDefault()
    {
        var reader = new AppReader(new AppRules("services"));

        var result = reader.ReadCreate(AppBodies.Bytes("""{"id":"/w","cmd":"a b","acceptedResourceRoles":["services"]}"""));

        Assert.True(result.Succeeded, result.Problem?.ToJson());
        Assert.Equal("services", result.App!.Role);
    }

    [Fact]
    public void ReadCreate_UnreachableStrategy_MissingMemberIsZero()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","unreachableStrategy":{"expungeAfterSeconds":600}}""");

        Assert.Equal(new UnreachableStrategy(TimeSpan.Zero, TimeSpan.FromSeconds(600)), app.UnreachableStrategy);
    }

    [Fact]
    public void ReadCreate_HostVolumes_AreKept()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","container":{"type":"MESOS","volumes":[{"containerPath":"data","hostPath":"/srv/data","mode":"rw"}]}}""");

        Assert.Equal([new HostVolume("data", "/srv/data", "RW")], app.Container!.Volumes);
    }

    [Fact]
    public void ReadCreate_EnvPlainValues_AreKept()
    {
        var app = AppBodies.Created("""{"id":"/w","cmd":"a b","env":{"A":"1","B":""}}""");

        Assert.Equal(["1", ""], app.Env.Values.Select(v => v.Value));
    }
}
