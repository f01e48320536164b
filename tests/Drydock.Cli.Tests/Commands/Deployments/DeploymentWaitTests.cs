using Drydock.Cli.Tests.Services;
using Drydock.Client.Tests.Marathon;

namespace Drydock.Cli.Tests.Commands.Deployments;

/// <summary><c>--wait</c>: polls the deployments until this one is gone, then tells finished from failed by the app.</summary>
public sealed class DeploymentWaitTests
{
    private const string Id = "d-1";

    [Fact]
    public async Task AppScale_WaitUntilDone_ShowsProgressAndExitsZero()
    {
        var polls = 0;
        await using var server = await FakeMarathon.StartAsync(request => (request.Method, request.Path) switch
        {
            ("PUT", _) => FakeReply.Json(200, AppJson.Result(Id), Id),
            ("GET", "/v2/deployments") => FakeReply.Json(200, Interlocked.Increment(ref polls) <= 2 ? "[" + AppJson.Deployment(Id, "/prod/api") + "]" : "[]"),
            _ => FakeReply.Json(200, AppJson.Wrapped(AppJson.App(instances: 3, running: Math.Min(Volatile.Read(ref polls), 3), deployments: Volatile.Read(ref polls) <= 2 ? [Id] : []))),
        });

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "scale", "/prod/api", "3", "--wait");

        Assert.True(exit == 0, stderr);
        Assert.Contains("Scaling /prod/api to 3: deployment d-1", stdout, StringComparison.Ordinal);
        Assert.Contains("deployment d-1: step 1/1 ScaleApplication /prod/api; /prod/api 1/3 running", stdout, StringComparison.Ordinal);
        Assert.Contains("deployment d-1: step 1/1 ScaleApplication /prod/api; /prod/api 2/3 running", stdout, StringComparison.Ordinal);
        Assert.EndsWith("Deployment d-1 finished: /prod/api 3/3 running", stdout.Trim(), StringComparison.Ordinal);
        Assert.Equal(3, server.Received.Count(r => r.Path == "/v2/deployments"));
    }

    [Fact]
    public async Task AppScale_WaitAndInstancesDidNotStart_ExitsOneWithTheLastFailure()
    {
        await using var server = await Finished(AppJson.App(instances: 3, running: 1, lastFailure: "Command exited with status 1"));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "scale", "/prod/api", "3", "--wait");

        Assert.Equal(1, exit);
        Assert.Contains("error: deployment d-1 is over but did not finish:", stderr, StringComparison.Ordinal);
        Assert.Contains("/prod/api has 1 of 3 instance(s) running; last failure: TASK_FAILED Command exited with status 1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppRestart_WaitAndInstancesUnhealthy_ExitsOne()
    {
        await using var server = await Finished(AppJson.App(instances: 3, running: 3, healthy: 1));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "restart", "/prod/api", "--wait");

        Assert.Equal(1, exit);
        Assert.Contains("/prod/api has 1 of 3 instance(s) healthy", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppScale_WaitAndAnotherDeploymentHoldsTheApp_ExitsOneNamingIt()
    {
        await using var server = await Finished(AppJson.App(instances: 3, running: 3, deployments: ["d-2"]));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "scale", "/prod/api", "3", "--wait");

        Assert.Equal(1, exit);
        Assert.Contains("/prod/api is being changed by deployment d-2: this one was cancelled or replaced", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppScale_WaitAndTheAppIsBackAtItsOldVersion_ExitsOneAsRolledBack()
    {
        var polls = 0;
        await using var server = await FakeMarathon.StartAsync(request => (request.Method, request.Path) switch
        {
            ("PUT", _) => FakeReply.Json(200, AppJson.Result(Id), Id),
            ("GET", "/v2/deployments") => FakeReply.Json(200, Interlocked.Increment(ref polls) == 1 ? "[" + AppJson.Deployment(Id, "/prod/api") + "]" : "[]"),
            _ => FakeReply.Json(200, AppJson.Wrapped(AppJson.App(instances: 1, running: 1, version: "2020-03-01T11:00:00.000Z"))),
        });

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "scale", "/prod/api", "3", "--wait");

        Assert.Equal(1, exit);
        Assert.Contains("/prod/api is back at version 2020-03-01T11:00:00.000Z: the deployment was rolled back", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppScale_WaitBeyondTheTimeout_ExitsFourAndLeavesItRunning()
    {
        await using var server = await FakeMarathon.StartAsync(request => (request.Method, request.Path) switch
        {
            ("PUT", _) => FakeReply.Json(200, AppJson.Result(Id), Id),
            ("GET", "/v2/deployments") => FakeReply.Json(200, "[" + AppJson.Deployment(Id, "/prod/api") + "]"),
            _ => FakeReply.Json(200, AppJson.Wrapped(AppJson.App(instances: 3, running: 1, deployments: [Id]))),
        });

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "scale", "/prod/api", "3", "--wait", "--timeout", "1s");

        Assert.Equal(4, exit);
        Assert.Contains("error: deployment d-1 is still running after 1s (step 1/1 ScaleApplication /prod/api); it goes on", stderr, StringComparison.Ordinal);
        Assert.Single(stdout.Split('\n'), l => l.StartsWith("deployment d-1: step", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Received, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task AppRemove_WaitAndTheAppIsGone_ExitsZero()
    {
        await using var server = await FakeMarathon.StartAsync(request => (request.Method, request.Path) switch
        {
            ("DELETE", _) => FakeReply.Json(200, AppJson.Result(Id), Id),
            ("GET", "/v2/deployments") => FakeReply.Json(200, "[]"),
            _ => FakeReply.Json(404, """{"message":"App '/prod/api' does not exist"}"""),
        });

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "remove", "/prod/api", "--wait");

        Assert.True(exit == 0, stderr);
        Assert.EndsWith("Deployment d-1 finished: /prod/api removed", stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppRemove_WaitAndTheAppIsStillThere_ExitsOne()
    {
        await using var server = await FakeMarathon.StartAsync(request => (request.Method, request.Path) switch
        {
            ("DELETE", _) => FakeReply.Json(200, AppJson.Result(Id), Id),
            ("GET", "/v2/deployments") => FakeReply.Json(200, "[]"),
            _ => FakeReply.Json(200, AppJson.Wrapped(AppJson.App())),
        });

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "remove", "/prod/api", "--wait");

        Assert.Equal(1, exit);
        Assert.Contains("/prod/api still exists", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppAdd_WaitUntilRunning_ExitsZero()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"id":"/prod/api","cmd":"sleep 100","instances":2}""", TestContext.Current.CancellationToken);
            var polls = 0;
            await using var server = await FakeMarathon.StartAsync(request => (request.Method, request.Path) switch
            {
                ("POST", _) => FakeReply.Json(201, AppJson.App(running: 0, deployments: [Id]), Id),
                ("GET", "/v2/deployments") => FakeReply.Json(200, Interlocked.Increment(ref polls) == 1 ? "[" + AppJson.Deployment(Id, "/prod/api") + "]" : "[]"),
                _ => FakeReply.Json(200, AppJson.Wrapped(AppJson.App(instances: 2, running: 2, healthy: 2))),
            });

            var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "add", file, "--wait");

            Assert.True(exit == 0, stderr);
            Assert.EndsWith("Deployment d-1 finished: /prod/api 2/2 running, 2 healthy", stdout.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A server whose deployment is over by the first poll, with the app as <paramref name="app"/>.</summary>
    private static Task<FakeMarathon> Finished(string app) => FakeMarathon.StartAsync(request => (request.Method, request.Path) switch
    {
        ("GET", "/v2/deployments") => FakeReply.Json(200, "[]"),
        ("GET", _) => FakeReply.Json(200, AppJson.Wrapped(app)),
        _ => FakeReply.Json(200, AppJson.Result(Id), Id),
    });
}
