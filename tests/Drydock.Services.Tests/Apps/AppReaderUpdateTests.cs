using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Apps;

public sealed class AppReaderUpdateTests
{
    private static readonly DateTimeOffset Then = new(2020, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static AppDefinition Stored() => AppBodies.Created("""
        {"id":"/web","cmd":"python3 -m http.server $PORT0","instances":2,"cpus":0.1,"mem":64,
         "env":{"A":"1","B":"2"},"labels":{"tier":"web"},"constraints":[["hostname","UNIQUE"]],
         "healthChecks":[{"protocol":"MESOS_HTTP","path":"/"}]}
        """) with
    {
        Version = Then,
        VersionInfo = new VersionInfo(Then, Then.AddHours(-1)),
        PortDefinitions = [new PortDefinition(10000, "tcp", "default")],
    };

    [Fact]
    public void ReadUpdate_GoMarathonScaleBody_ChangesOnlyInstances()
    {
        var stored = Stored();

        var result = AppBodies.Update("""{"id":"/web","instances":5,"ports":null,"dependencies":null}""", stored);

        Assert.True(result.Succeeded, result.Problem?.ToJson());
        Assert.Equal(AppJson.ToJson(stored with { Instances = 5 }), AppJson.ToJson(result.App!));
    }

    [Fact]
    public void ReadUpdate_PythonClientSendsTheWholeFetchedAppBack_NothingChanges()
    {
        var stored = Stored();
        var fetched = AppJson.ToJson(stored, w =>
        {
            AppEmbedWriter.WriteCounts(w, new TaskCounts(0, 2, 2, 0));
            AppEmbedWriter.WriteDeployments(w, ["d-1"]);
            AppEmbedWriter.WriteTasks(w, stored, []);
        });
        var sentBack = fetched.Replace("\"version\":\"2020-03-01T12:00:00.000Z\",", "", StringComparison.Ordinal);

        var result = AppBodies.Update(sentBack, stored);

        Assert.True(result.Succeeded, result.Problem?.ToJson());
        Assert.Equal(AppJson.ToJson(stored), AppJson.ToJson(result.App!));
    }

    [Fact]
    public void ReadUpdate_PartialUpdate_ReplacesMapsAndListsWhole()
    {
        var result = AppBodies.Update("""{"env":{"C":"3"},"constraints":[],"labels":{}}""", Stored());

        Assert.Equal(["C"], result.App!.Env.Keys);
        Assert.Empty(result.App.Constraints);
        Assert.Empty(result.App.Labels);
        Assert.Equal(2, result.App.Instances);
        Assert.Equal("python3 -m http.server $PORT0", result.App.Cmd);
    }

    [Fact]
    public void ReadUpdate_PathIdWinsOverBodyId()
    {
        var result = AppBodies.Update("""{"id":"/other","instances":1}""", Stored());

        Assert.Equal("/web", result.App!.Id.Value);
        Assert.Equal("/web", result.Id.Value);
    }

    [Fact]
    public void ReadUpdate_WholeReplacement_LeftOutFieldsTakeDefaults()
    {
        var result = AppBodies.Update("""{"cmd":"sleep 10"}""", Stored(), partialUpdate: false);

        Assert.True(result.Succeeded, result.Problem?.ToJson());
        Assert.Equal((1, 1.0, 128.0), (result.App!.Instances, result.App.Cpus, result.App.Mem));
        Assert.Empty(result.App.Env);
        Assert.Equal(0, result.App.PortDefinitions[0].Port);
        Assert.Equal(Then, result.App.Version);
    }

    [Fact]
    public void ReadUpdate_AppMissing_CreatesFromBodyWithDefaults()
    {
        var result = AppBodies.Update("""{"cmd":"sleep 10","instances":3}""", stored: null, path: "/new/app");

        Assert.True(result.Succeeded, result.Problem?.ToJson());
        Assert.Equal(("/new/app", 3, 128.0), (result.App!.Id.Value, result.App.Instances, result.App.Mem));
    }

    [Fact]
    public void ReadUpdate_HealthCheckAddedLater_GetsPortIndexFromTheStoredPorts()
    {
        var result = AppBodies.Update("""{"healthChecks":[{"protocol":"HTTP","path":"/h"}]}""", Stored());

        Assert.Equal(0, result.App!.HealthChecks[0].PortIndex);
    }

    [Fact]
    public void ReadUpdate_ChangeBreaksARuleOfTheMergedApp_IsRefused()
    {
        var result = AppBodies.Update("""{"portDefinitions":[]}""", Stored());

        Assert.Equal(422, result.Problem!.Status);
        Assert.Contains(AppValidator.HealthPortIndex, AppBodies.ErrorsAt(result.Problem, "/healthChecks(0)"));
    }

    [Theory]
    [InlineData("""{"version":"2020-03-01T11:00:00.000Z"}""")]
    [InlineData("""{"id":"/web","version":"2020-03-01T11:00:00.000Z"}""")]
    [InlineData("""{"id":"/web","version":"2020-03-01T11:00:00Z","ports":null}""")]
    public void ReadUpdate_VersionAlone_IsARollback(string body)
    {
        var result = AppBodies.Update(body, Stored());

        Assert.True(result.Succeeded, result.Problem?.ToJson());
        Assert.Null(result.App);
        Assert.Equal(Then.AddHours(-1), result.RollbackTo);
    }

    [Theory]
    [InlineData("""{"version":"2020-03-01T11:00:00.000Z","instances":3}""")]
    [InlineData("""{"id":"/web","version":"2020-03-01T11:00:00.000Z","cmd":"x y"}""")]
    [InlineData("""{"version":"2020-03-01T11:00:00.000Z","tty":false}""")]
    public void ReadUpdate_VersionWithOtherFields_IsRefused(string body)
    {
        var problem = AppBodies.Update(body, Stored()).Problem!;

        Assert.Equal(422, problem.Status);
        Assert.Equal("Object is not valid", problem.Message);
        Assert.Equal([AppReader.VersionCombined], AppBodies.ErrorsAt(problem, "/"));
    }

    [Theory]
    [InlineData("2020-03-01")]
    [InlineData("2020-03-01T11:00:00+00:00")]
    [InlineData("yesterday")]
    public void ReadUpdate_VersionNotAMarathonTimestamp_IsAShapeError(string version)
    {
        var problem = AppBodies.Update("{\"version\":\"" + version + "\"}", Stored()).Problem!;

        Assert.Equal("Invalid JSON", problem.Message);
        Assert.Equal(["error.expected.date.isoformat"], AppBodies.ErrorsAt(problem, "/version"));
    }

    [Fact]
    public void ReadUpdate_EmptyObject_IsAStepLessUpdate()
    {
        var stored = Stored();

        var result = AppBodies.Update("{}", stored);

        Assert.Equal(AppJson.ToJson(stored), AppJson.ToJson(result.App!));
    }

    [Fact]
    public void ReadUpdates_ArrayForm_ReadsEveryElementAgainstItsStoredApp()
    {
        var stored = Stored();

        var batch = AppBodies.Reader.ReadUpdates(
            AppBodies.Bytes("""[{"id":"/web","instances":4},{"id":"jobs/worker","cmd":"run worker"}]"""),
            id => id.Value == "/web" ? stored : null);

        Assert.True(batch.Succeeded, batch.Problem?.ToJson());
        Assert.Equal([("/web", 4, "python3 -m http.server $PORT0"), ("/jobs/worker", 1, "run worker")], batch.Results!.Select(r => (r.App!.Id.Value, r.App.Instances, r.App.Cmd!)));
    }

    [Fact]
    public void ReadUpdates_ElementsWithErrors_AllReportedUnderTheirIndex()
    {
        var batch = AppBodies.Reader.ReadUpdates(AppBodies.Bytes("""[{"id":"/a","cpus":"x"},{"instances":1},7]"""), _ => null);

        Assert.Equal(
            """{"message":"Invalid JSON","details":[{"path":"/(0)/cpus","errors":["error.expected.jsnumber"]},{"path":"/(1)/id","errors":["error.path.missing"]},{"path":"/(2)","errors":["error.expected.jsobject"]}]}""",
            batch.Problem!.ToJson());
    }

    [Fact]
    public void ReadUpdates_RuleBrokenInOneElement_NothingIsReturned()
    {
        var batch = AppBodies.Reader.ReadUpdates(AppBodies.Bytes("""[{"id":"/a","cmd":"a b"},{"id":"/b"}]"""), _ => null);

        Assert.Null(batch.Results);
        Assert.Equal([AppValidator.CmdOrArgs], AppBodies.ErrorsAt(batch.Problem!, "/(1)"));
    }

    [Theory]
    [InlineData("""{"id":"/a"}""", "error.expected.jsarray")]
    [InlineData("", null)]
    public void ReadUpdates_NotAnArray_IsRefused(string body, string? error)
    {
        var batch = AppBodies.Reader.ReadUpdates(AppBodies.Bytes(body), _ => null);

        Assert.NotNull(batch.Problem);
        if (error is not null)
        {
            Assert.Equal([error], AppBodies.ErrorsAt(batch.Problem, "/"));
        }
        else
        {
            Assert.Equal(400, batch.Problem.Status);
        }
    }
}
