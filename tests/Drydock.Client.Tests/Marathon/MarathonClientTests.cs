using Drydock.Client.Marathon;

namespace Drydock.Client.Tests.Marathon;

public sealed class MarathonClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAppsAsync_MarathonReply_ReadsTheAppsAndSkipsOtherFields()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, "{\"apps\":[" + MarathonSamples.App + "]}"));
        using var client = new MarathonClient(server.Url);

        var apps = await client.ListAppsAsync(["app.tasks", "app.counts"], Ct);

        var request = Assert.Single(server.Received);
        Assert.Equal(("GET", "/v2/apps?embed=app.tasks&embed=app.counts"), (request.Method, request.Target));
        var app = Assert.Single(apps);
        Assert.Equal(("/prod/api", "python3 -m http.server $PORT0", 2, 0.1, 64.0), (app.Id, app.Cmd, app.Instances, app.Cpus, app.Mem));
        Assert.Equal((0, 1, 1, 0), (app.TasksStaged, app.TasksRunning, app.TasksHealthy, app.TasksUnhealthy));
        Assert.Equal(MarathonSamples.DeploymentId, Assert.Single(app.Deployments).Id);
        Assert.Single(app.HealthChecks);
        Assert.Equal(new DateTimeOffset(2020, 3, 1, 12, 0, 0, TimeSpan.Zero), app.Version);
        Assert.Equal("Command exited with status 1", app.LastTaskFailure?.Message);
        var task = Assert.Single(app.Tasks);
        Assert.Equal(("10.0.1.5", "TASK_RUNNING", 2), (task.Host, task.State, task.Ports.Count));
        Assert.True(Assert.Single(task.HealthCheckResults).Alive);
    }

    [Fact]
    public async Task ListAppsAsync_FieldsLeftOutOrNull_TakeTheirDefaults()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, """
            {"apps":[{"id":"/min"},{"id":null,"args":null,"deployments":null,"tasks":null,"healthChecks":null}]}
            """));
        using var client = new MarathonClient(server.Url);

        var apps = await client.ListAppsAsync(cancellationToken: Ct);

        Assert.All(apps, app =>
        {
            Assert.Empty(app.Args);
            Assert.Empty(app.Deployments);
            Assert.Empty(app.Tasks);
            Assert.Empty(app.HealthChecks);
            Assert.Null(app.Cmd);
            Assert.Null(app.LastTaskFailure);
        });
        Assert.Equal(["/min", string.Empty], apps.Select(a => a.Id));
    }

    [Fact]
    public async Task ListAppsAsync_NoEmbeds_SendsNoQuery()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, "{\"apps\":[]}"));
        using var client = new MarathonClient(server.Url);

        Assert.Empty(await client.ListAppsAsync(cancellationToken: Ct));
        Assert.Equal("/v2/apps", Assert.Single(server.Received).Target);
    }

    [Theory]
    [InlineData("/prod/api", "/v2/apps/prod/api")]
    [InlineData("prod/api", "/v2/apps/prod/api")]
    [InlineData("//prod/api/", "/v2/apps/prod/api")]
    [InlineData("/web", "/v2/apps/web")]
    [InlineData("/a b", "/v2/apps/a%20b")]
    public async Task GetAppAsync_AppId_RequestsEachSegmentOfTheId(string id, string path)
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, "{\"app\":" + MarathonSamples.App + "}"));
        using var client = new MarathonClient(server.Url);

        var app = await client.GetAppAsync(id, Ct);

        Assert.Equal("/prod/api", app.Id);
        Assert.Equal(path, Assert.Single(server.Received).Target);
    }

    [Fact]
    public async Task GetAppAsync_BaseUrlWithAPath_RequestsUnderThatPath()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, "{\"app\":" + MarathonSamples.App + "}"));
        using var client = new MarathonClient(new Uri(server.Url, "service/marathon"));

        await client.GetAppAsync("/prod/api", Ct);

        Assert.Equal("/service/marathon/v2/apps/prod/api", Assert.Single(server.Received).Target);
    }

    [Fact]
    public async Task GetAppJsonAsync_Reply_IsTheBodyAsItIs()
    {
        var body = "{\"app\":" + MarathonSamples.App + "}";
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, body));
        using var client = new MarathonClient(server.Url);

        Assert.Equal(body, await client.GetAppJsonAsync("/prod/api", Ct));
    }

    [Fact]
    public async Task CreateAppAsync_Created_PostsTheDefinitionAsItIsAndReadsTheDeployment()
    {
        var created = MarathonSamples.App.Replace("\"tasks\":[", "\"ignored\":[", StringComparison.Ordinal);
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(201, created, MarathonSamples.DeploymentId));
        using var client = new MarathonClient(server.Url);
        var definition = """{"id":"/prod/api","cmd":"sleep 100","instances":2}"""u8.ToArray();

        var result = await client.CreateAppAsync(definition, Ct);

        var request = Assert.Single(server.Received);
        Assert.Equal(("POST", "/v2/apps", "application/json"), (request.Method, request.Target, request.ContentType));
        Assert.Equal("""{"id":"/prod/api","cmd":"sleep 100","instances":2}""", request.Body);
        Assert.Equal(("/prod/api", MarathonSamples.DeploymentId), (result.App.Id, result.Deployment.DeploymentId));
    }

    [Fact]
    public async Task CreateAppAsync_NoHeader_TakesTheIdOfTheAppsDeployment()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(201, MarathonSamples.App));
        using var client = new MarathonClient(server.Url);

        var result = await client.CreateAppAsync("{}"u8.ToArray(), Ct);

        Assert.Equal(MarathonSamples.DeploymentId, result.Deployment.DeploymentId);
    }

    [Theory]
    [InlineData(false, true, "force=false&partialUpdate=true")]
    [InlineData(true, true, "force=true&partialUpdate=true")]
    [InlineData(true, false, "force=true&partialUpdate=false")]
    public async Task UpdateAppAsync_Flags_SendsThemAsQueryBooleans(bool force, bool partial, string query)
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, MarathonSamples.DeploymentResult, MarathonSamples.DeploymentId));
        using var client = new MarathonClient(server.Url);

        var result = await client.UpdateAppAsync("/prod/api", """{"cmd":"sleep 5"}"""u8.ToArray(), force, partial, Ct);

        var request = Assert.Single(server.Received);
        Assert.Equal(("PUT", "/v2/apps/prod/api", query, """{"cmd":"sleep 5"}"""), (request.Method, request.Path, request.Query, request.Body));
        Assert.Equal(MarathonSamples.DeploymentId, result.DeploymentId);
        Assert.Equal(new DateTimeOffset(2020, 3, 1, 12, 0, 0, TimeSpan.Zero), result.Version);
    }

    [Fact]
    public async Task ScaleAppAsync_Instances_PutsOnlyTheInstances()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, MarathonSamples.DeploymentResult));
        using var client = new MarathonClient(server.Url);

        await client.ScaleAppAsync("/prod/api", 5, force: true, Ct);

        var request = Assert.Single(server.Received);
        Assert.Equal(("PUT", "/v2/apps/prod/api?force=true", """{"instances":5}"""), (request.Method, request.Target, request.Body));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ScaleAppAsync("/prod/api", -1, cancellationToken: Ct));
    }

    [Fact]
    public async Task RestartAndDeleteAppAsync_Force_GoesToTheQuery()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, MarathonSamples.DeploymentResult));
        using var client = new MarathonClient(server.Url);

        await client.RestartAppAsync("/prod/api", force: false, Ct);
        await client.DeleteAppAsync("/prod/api", force: false, Ct);
        await client.DeleteAppAsync("/prod/api", force: true, Ct);

        Assert.Equal(
            ["POST /v2/apps/prod/api/restart?force=false", "DELETE /v2/apps/prod/api?force=false", "DELETE /v2/apps/prod/api?force=true"],
            server.Received.Select(r => r.Method + " " + r.Target));
    }

    [Fact]
    public async Task TaskCalls_Tasks_ReadTheTasksAndSendTheParameters()
    {
        await using var server = await FakeMarathon.StartAsync(request => request.Method == "DELETE" && request.Query.Contains("scale=true", StringComparison.Ordinal)
            ? FakeReply.Json(200, MarathonSamples.DeploymentResult)
            : request.Path.EndsWith("._app.1", StringComparison.Ordinal)
                ? FakeReply.Json(200, "{\"task\":" + MarathonSamples.Task + "}")
                : FakeReply.Json(200, "{\"tasks\":[" + MarathonSamples.Task + "]}"));
        using var client = new MarathonClient(server.Url);

        var tasks = await client.ListAppTasksAsync("/prod/api", Ct);
        var killed = await client.KillAppTasksAsync("/prod/api", host: "10.0.1.5", wipe: true, Ct);
        var scaled = await client.KillAndScaleAppTasksAsync("/prod/api", cancellationToken: Ct);
        var one = await client.KillTaskAsync("/prod/api", "prod_api.instance-1b2c._app.1", cancellationToken: Ct);

        Assert.Equal(new DateTimeOffset(2020, 3, 1, 12, 0, 3, TimeSpan.Zero), Assert.Single(tasks).StartedAt);
        Assert.Equal("prod_api.instance-1b2c._app.1", Assert.Single(killed).Id);
        Assert.Equal(MarathonSamples.DeploymentId, scaled.DeploymentId);
        Assert.Equal("/prod/api", one.AppId);
        Assert.Equal(
            [
                "GET /v2/apps/prod/api/tasks",
                "DELETE /v2/apps/prod/api/tasks?scale=false&wipe=true&host=10.0.1.5",
                "DELETE /v2/apps/prod/api/tasks?scale=true&force=false",
                "DELETE /v2/apps/prod/api/tasks/prod_api.instance-1b2c._app.1?scale=false&wipe=false",
            ],
            server.Received.Select(r => r.Method + " " + r.Target));
    }

    [Fact]
    public async Task ListDeploymentsAsync_BareArray_ReadsStepsAndCurrentActions()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, MarathonSamples.Deployments));
        using var client = new MarathonClient(server.Url);

        var deployment = Assert.Single(await client.ListDeploymentsAsync(Ct));

        Assert.Equal("/v2/deployments", Assert.Single(server.Received).Target);
        Assert.Equal((MarathonSamples.DeploymentId, 2, 2), (deployment.Id, deployment.CurrentStep, deployment.TotalSteps));
        Assert.Equal(["/prod/api"], deployment.AffectedApps);
        Assert.Equal(["StartApplication", "ScaleApplication"], deployment.Steps.Select(s => Assert.Single(s.Actions).Action));
        Assert.Equal(("ScaleApplication", "/prod/api"), (deployment.CurrentActions[0].Action, deployment.CurrentActions[0].App));
    }

    [Fact]
    public async Task CancelDeploymentAsync_WithoutForce_IsARollbackWithItsOwnDeployment()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, """{"deploymentId":"rollback-1","version":"2020-03-01T12:01:00.000Z"}"""));
        using var client = new MarathonClient(server.Url);

        var rollback = await client.CancelDeploymentAsync(MarathonSamples.DeploymentId, force: false, Ct);

        Assert.Equal("rollback-1", rollback?.DeploymentId);
        Assert.Equal("DELETE /v2/deployments/" + MarathonSamples.DeploymentId, server.Received.Select(r => r.Method + " " + r.Target).Single());
    }

    [Fact]
    public async Task CancelDeploymentAsync_Force_Accepts202WithNoBody()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Empty(202));
        using var client = new MarathonClient(server.Url);

        var result = await client.CancelDeploymentAsync(MarathonSamples.DeploymentId, force: true, Ct);

        Assert.Null(result);
        Assert.Equal("/v2/deployments/" + MarathonSamples.DeploymentId + "?force=true", Assert.Single(server.Received).Target);
    }

    [Fact]
    public async Task GetQueueAndInfoAsync_Replies_AreRead()
    {
        await using var server = await FakeMarathon.StartAsync(request => request.Path == "/v2/queue"
            ? FakeReply.Json(200, """{"queue":[{"count":2,"delay":{"timeLeftSeconds":17,"overdue":false},"since":"2020-03-01T12:00:00.000Z","processedOffersSummary":{"processedOffersCount":3},"app":{"id":"/prod/api","instances":2}}]}""")
            : FakeReply.Json(200, """{"name":"marathon","version":"1.10.26","buildref":"x","elected":true,"leader":"10.0.0.1:8080","frameworkId":"F-1","marathon_config":{},"zookeeper_config":{},"http_config":{}}"""));
        using var client = new MarathonClient(server.Url);

        var item = Assert.Single(await client.GetQueueAsync(Ct));
        var info = await client.GetInfoAsync(Ct);

        Assert.Equal(("/prod/api", 2, 17L, false), (item.App.Id, item.Count, item.Delay.TimeLeftSeconds, item.Delay.Overdue));
        Assert.Equal(("marathon", "1.10.26", true, "10.0.0.1:8080", "F-1"), (info.Name, info.Version, info.Elected, info.Leader, info.FrameworkId));
    }
}
