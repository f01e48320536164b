using Drydock.Cli.Tests.Services;
using Drydock.Client.Tests.Marathon;

namespace Drydock.Cli.Tests.Commands.Deployments;

public sealed class DeploymentCommandsTests
{
    [Fact]
    public async Task DeploymentList_Deployments_PrintsAppsActionsStepAndVersion()
    {
        var deployments = "[" + AppJson.Deployment("d-1", "/prod/api") + "," + AppJson.Deployment("d-2", "/web", "RestartApplication") + "]";
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, deployments));

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "deployment", "list");

        Assert.True(exit == 0, stderr);
        Assert.Equal("/v2/deployments", Assert.Single(server.Received).Target);
        var lines = stdout.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal(["ID", "APPS", "ACTIONS", "STEP", "VERSION"], lines.First(l => l.StartsWith("ID", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["d-1", "/prod/api", "ScaleApplication", "/prod/api", "1/1", "2020-03-01T12:00:00Z"], lines.First(l => l.StartsWith("d-1", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);
        Assert.Contains(lines, l => l.StartsWith("d-2", StringComparison.Ordinal) && l.Contains("RestartApplication /web", StringComparison.Ordinal));
        Assert.Contains("2 deployment(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeploymentList_Json_PrintsTheReplyAsItIs()
    {
        var deployments = "[" + AppJson.Deployment("d-1", "/prod/api") + "]";
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, deployments));

        var (exit, stdout, _) = await CliRun.RunAsync(server, "deployment", "list", "--json");

        Assert.Equal((0, deployments), (exit, stdout.Trim()));
    }

    [Fact]
    public async Task DeploymentList_None_SaysSo()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(200, "[]"));

        var (exit, stdout, _) = await CliRun.RunAsync(server, "deployment", "list");

        Assert.Equal((0, "No deployments."), (exit, stdout.Trim()));
    }

    [Fact]
    public async Task DeploymentCancel_Force_StopsItWhereItStandsWithA202()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Empty(202));

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "deployment", "cancel", "d-1", "--force");

        Assert.True(exit == 0, stderr);
        Assert.Equal("DELETE /v2/deployments/d-1?force=true", server.Received.Select(r => r.Method + " " + r.Target).Single());
        Assert.Equal("Stopped deployment d-1 where it stood; no rollback", stdout.Trim());
    }

    [Fact]
    public async Task DeploymentCancel_WithoutForceAndWait_FollowsTheRollbackToItsEnd()
    {
        var lists = 0;
        await using var server = await FakeMarathon.StartAsync(request => (request.Method, request.Path) switch
        {
            ("DELETE", _) => FakeReply.Json(200, AppJson.Result("rollback-1", "2020-03-01T12:05:00.000Z"), "rollback-1"),
            ("GET", "/v2/deployments") => FakeReply.Json(200, Interlocked.Increment(ref lists) switch
            {
                1 => "[" + AppJson.Deployment("d-1", "/new", "StartApplication") + "]",
                2 => "[" + AppJson.Deployment("rollback-1", "/new", "StopApplication", "2020-03-01T12:05:00.000Z") + "]",
                _ => "[]",
            }),
            _ => FakeReply.Json(404, """{"message":"App '/new' does not exist"}"""),
        });

        var (exit, stdout, stderr) = await CliRun.RunAsync(server, "deployment", "cancel", "d-1", "--wait");

        Assert.True(exit == 0, stderr);
        Assert.Contains("DELETE /v2/deployments/d-1", server.Received.Select(r => r.Method + " " + r.Target));
        Assert.Contains("Rolling back deployment d-1: deployment rollback-1", stdout, StringComparison.Ordinal);
        Assert.Contains("deployment rollback-1: step 1/1 StopApplication /new; /new gone", stdout, StringComparison.Ordinal);
        Assert.EndsWith("Deployment rollback-1 finished: /new removed", stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeploymentCancel_ForceAndWait_IsAUsageErrorAndSendsNothing()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Empty(202));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "deployment", "cancel", "d-1", "--force", "--wait");

        Assert.Equal(2, exit);
        Assert.Contains("--force starts none", stderr, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task DeploymentCancel_UnknownId_PrintsMarathonsMessage()
    {
        await using var server = await FakeMarathon.StartAsync(request => request.Method == "GET"
            ? FakeReply.Json(200, "[]")
            : FakeReply.Json(404, """{"message":"DeploymentPlan d-9 does not exist"}"""));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "deployment", "cancel", "d-9");

        Assert.Equal(1, exit);
        Assert.Equal("error: DeploymentPlan d-9 does not exist", stderr.Trim());
    }
}
