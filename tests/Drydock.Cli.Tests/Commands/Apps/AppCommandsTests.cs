using Drydock.Cli.Tests.Services;
using Drydock.Client.Tests.Marathon;

namespace Drydock.Cli.Tests.Commands.Apps;

public sealed class AppCommandsTests
{
    private const string DeploymentId = "5ed1e1a8-2f6a-4d4b-9a1e-0c1c2d3e4f50";

    [Fact]
    public async Task AppList_Apps_PrintsATableOfCountsResourcesAndDeployments()
    {
        var apps = "{\"apps\":[" + AppJson.App(instances: 2, running: 1, healthy: 1, deployments: [DeploymentId]) + "," + AppJson.App(id: "/batch", instances: 0, running: 0) + "]}";
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, apps));

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "list");

        Assert.True(exit == 0, stderr);
        Assert.Equal("GET /v2/apps", server.Received.Select(r => r.Method + " " + r.Target).Single());
        var header = Line(stdout, "ID");
        Assert.Equal(["ID", "INSTANCES", "HEALTHY", "CPUS", "MEM", "DEPLOYMENTS", "CMD"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["/prod/api", "1/2", "1/1", "0.1", "64", DeploymentId, "python3", "-m", "http.server", "$PORT0"], Line(stdout, "/prod/api").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["/batch", "0/0", "-", "0.1", "64", "-"], Line(stdout, "/batch").Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);
        Assert.Contains("2 app(s), 1 of 2 instance(s) running", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppList_Json_PrintsTheReplyAsItIs()
    {
        var apps = "{\"apps\":[" + AppJson.App() + "],\"extra\":true}";
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, apps));

        var (exit, stdout, _) = await CliRun.RunAsync(server, "app", "list", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(apps, stdout.Trim());
    }

    [Fact]
    public async Task AppList_NoApps_SaysSo()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, "{\"apps\":[]}"));

        var (exit, stdout, _) = await CliRun.RunAsync(server, "app", "list");

        Assert.Equal((0, "No apps."), (exit, stdout.Trim()));
    }

    [Fact]
    public async Task AppShow_App_PrintsItsCountsFailureAndTasks()
    {
        var app = AppJson.App(instances: 2, running: 1, healthy: 1, lastFailure: "Command exited with status 1").Replace("\"deployments\":[]", "\"deployments\":[],\"tasks\":[" + AppJson.Task + "]", StringComparison.Ordinal);
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, AppJson.Wrapped(app)));

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "show", "prod/api");

        Assert.True(exit == 0, stderr);
        Assert.Equal("/v2/apps/prod/api", Assert.Single(server.Received).Target);
        Assert.Contains("1/2 running, 0 staged", stdout, StringComparison.Ordinal);
        Assert.Contains("1 healthy, 0 unhealthy", stdout, StringComparison.Ordinal);
        Assert.Contains("TASK_FAILED t1 on 10.0.1.6", stdout, StringComparison.Ordinal);
        Assert.Contains("Command exited with status 1", stdout, StringComparison.Ordinal);
        Assert.Contains("prod_api.instance-1b2c._app.1", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppShow_Json_PrintsTheReplyAsItIs()
    {
        var body = AppJson.Wrapped(AppJson.App());
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, body));

        var (exit, stdout, _) = await CliRun.RunAsync(server, "app", "show", "/prod/api", "--json");

        Assert.Equal((0, body), (exit, stdout.Trim()));
    }

    [Fact]
    public async Task AppTasks_Tasks_PrintsHostStateHealthStartAndPorts()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, "{\"tasks\":[" + AppJson.Task + "]}"));

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "tasks", "/prod/api");

        Assert.True(exit == 0, stderr);
        Assert.Equal("/v2/apps/prod/api/tasks", Assert.Single(server.Received).Target);
        Assert.Equal(["ID", "HOST", "STATE", "HEALTH", "STARTED", "PORTS"], Line(stdout, "ID").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = Line(stdout, "prod_api.").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["prod_api.instance-1b2c._app.1", "10.0.1.5", "TASK_RUNNING", "healthy", "2020-03-01T12:00:03Z"], row[..5]);
        Assert.Equal("31842,31843", row[^1]);
        Assert.Contains("1 task(s), 1 running", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppTasks_Json_PrintsTheReplyAsItIs()
    {
        var body = "{\"tasks\":[" + AppJson.Task + "]}";
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, body));

        var (exit, stdout, _) = await CliRun.RunAsync(server, "app", "tasks", "/prod/api", "--json");

        Assert.Equal((0, body), (exit, stdout.Trim()));
    }

    [Fact]
    public async Task AppAdd_File_PostsItAsItIsAndPrintsTheDeployment()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"id":"prod/api","cmd":"sleep 100","instances":2}""", TestContext.Current.CancellationToken);
            var created = AppJson.App(deployments: [DeploymentId]);
            await using var server = await FakeMarathon.StartAsync(FakeReply.Json(201, created, DeploymentId));

            var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "add", file);

            Assert.True(exit == 0, stderr);
            var request = Assert.Single(server.Received);
            Assert.Equal(("POST", "/v2/apps", """{"id":"prod/api","cmd":"sleep 100","instances":2}""", "application/json"), (request.Method, request.Target, request.Body, request.ContentType));
            Assert.Equal($"Created /prod/api: deployment {DeploymentId}", stdout.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AppAdd_MissingFile_IsAUsageErrorAndSendsNothing()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(201, AppJson.App()));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "add", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json"));

        Assert.Equal(2, exit);
        Assert.StartsWith("error: cannot read '", stderr, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Theory]
    [InlineData(false, "force=false&partialUpdate=true")]
    [InlineData(true, "force=true&partialUpdate=true")]
    public async Task AppUpdate_File_PutsItWithForceAsGiven(bool force, string query)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"cmd":"sleep 5"}""", TestContext.Current.CancellationToken);
            await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, AppJson.Result(DeploymentId), DeploymentId));

            var (exit, stdout, stderr) = await CliRun.RunAsync(server, force ? ["app", "update", "/prod/api", file, "--force"] : ["app", "update", "/prod/api", file]);

            Assert.True(exit == 0, stderr);
            var request = Assert.Single(server.Received);
            Assert.Equal(("PUT", "/v2/apps/prod/api", query, """{"cmd":"sleep 5"}"""), (request.Method, request.Path, request.Query, request.Body));
            Assert.Equal($"Updating /prod/api: deployment {DeploymentId}", stdout.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new[] { "app", "scale", "/prod/api", "3" }, "PUT /v2/apps/prod/api?force=false", "{\"instances\":3}", "Scaling /prod/api to 3")]
    [InlineData(new[] { "app", "scale", "/prod/api", "0", "--force" }, "PUT /v2/apps/prod/api?force=true", "{\"instances\":0}", "Scaling /prod/api to 0")]
    [InlineData(new[] { "app", "restart", "/prod/api" }, "POST /v2/apps/prod/api/restart?force=false", "{}", "Restarting /prod/api")]
    [InlineData(new[] { "app", "restart", "prod/api", "--force" }, "POST /v2/apps/prod/api/restart?force=true", "{}", "Restarting /prod/api")]
    [InlineData(new[] { "app", "remove", "/prod/api" }, "DELETE /v2/apps/prod/api?force=false", "", "Removing /prod/api")]
    [InlineData(new[] { "app", "remove", "/prod/api", "--force" }, "DELETE /v2/apps/prod/api?force=true", "", "Removing /prod/api")]
    public async Task DeployingCommand_Arguments_SendsTheCallAndPrintsTheDeployment(string[] args, string call, string body, string what)
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, AppJson.Result(DeploymentId), DeploymentId));

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, args);

        Assert.True(exit == 0, stderr);
        var request = Assert.Single(server.Received);
        Assert.Equal((call, body), (request.Method + " " + request.Target, request.Body));
        Assert.Equal($"{what}: deployment {DeploymentId}", stdout.Trim());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("three")]
    [InlineData("2.5")]
    [InlineData("99999999999")]
    public async Task AppScale_NotAnInstanceCount_IsAUsageErrorAndSendsNothing(string count)
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, AppJson.Result(DeploymentId)));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "scale", "/prod/api", count);

        Assert.Equal(2, exit);
        Assert.Contains($"instances '{count}' is not a whole number", stderr, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    public async Task AppShow_IdWithNoPathElement_IsAUsageErrorAndSendsNothing(string id)
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, AppJson.Wrapped(AppJson.App())));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "show", id);

        Assert.Equal(2, exit);
        Assert.Contains("needs at least one path element", stderr, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    private static string Line(string text, string start) =>
        text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(start, StringComparison.Ordinal));
}
