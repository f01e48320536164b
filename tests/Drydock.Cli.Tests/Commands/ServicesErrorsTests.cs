using System.Net;
using System.Net.Sockets;
using Drydock.Cli.Tests.Services;
using Drydock.Client.Tests.Marathon;

namespace Drydock.Cli.Tests.Commands;

/// <summary>How the services commands report the API's refusals and its absence (exit 1 refused, 3 unreachable).</summary>
public sealed class ServicesErrorsTests
{
    [Fact]
    public async Task AppAdd_422_PrintsMarathonsMessageAndEachDetailAsPathAndError()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"id":"/x","cpus":0}""", TestContext.Current.CancellationToken);
            await using var server = await FakeMarathon.StartAsync(FakeReply.Json(422, """
                {"message":"Object is not valid","details":[
                  {"path":"/","errors":["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."]},
                  {"path":"/cpus","errors":["error.min"]}]}
                """));

            var (exit, stdout, stderr) = await CliRun.RunAsync(server, "app", "add", file);

            Assert.Equal(1, exit);
            Assert.Empty(stdout);
            Assert.Equal(
                [
                    "error: the app definition was refused: Object is not valid",
                    "  /: AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.",
                    "  /cpus: error.min",
                ],
                stderr.TrimEnd().Split(Environment.NewLine));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AppScale_409Locked_NamesTheDeploymentsAndSuggestsForce()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(409, """
            {"message":"App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.",
             "deployments":[{"id":"d-1"},{"id":"d-2"}]}
            """));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "scale", "/web", "3");

        Assert.Equal(1, exit);
        Assert.Contains("locked by deployment d-1, d-2", stderr, StringComparison.Ordinal);
        Assert.Contains("add --force", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppAdd_409Exists_PrintsTheMessageAndPointsAtUpdate()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"id":"/web","cmd":"sleep 1"}""", TestContext.Current.CancellationToken);
            await using var server = await FakeMarathon.StartAsync(FakeReply.Json(409, """{"message":"An app with id [/web] already exists."}"""));

            var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "add", file);

            Assert.Equal(1, exit);
            Assert.StartsWith("error: An app with id [/web] already exists.", stderr, StringComparison.Ordinal);
            Assert.Contains("drydock app update", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("--force", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("show")]
    [InlineData("tasks")]
    [InlineData("restart")]
    [InlineData("remove")]
    public async Task AppCommand_404_SaysTheAppDoesNotExist(string verb)
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(404, """{"message":"App '/web' does not exist"}"""));

        var (exit, _, stderr) = await CliRun.RunAsync(server, "app", verb, "/web");

        Assert.Equal(1, exit);
        Assert.Equal("error: App '/web' does not exist", stderr.Trim());
    }

    [Fact]
    public async Task AppAdd_400InvalidJson_PrintsTheParsersText()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "{", TestContext.Current.CancellationToken);
            await using var server = await FakeMarathon.StartAsync(FakeReply.Json(400, """{"message":"Invalid JSON","details":"Unexpected end-of-input"}"""));

            var (exit, _, stderr) = await CliRun.RunAsync(server, "app", "add", file);

            Assert.Equal(1, exit);
            Assert.Equal("error: the services API refused the request (400): Invalid JSON: Unexpected end-of-input", stderr.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AppList_NothingListening_NamesTheUrlAndHowToSetIt()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/";

        var (exit, _, stderr) = await CliRun.RunAsync("app", "list", "--services", url);

        Assert.Equal(3, exit);
        Assert.Contains($"cannot reach the services API at {url}", stderr, StringComparison.Ordinal);
        Assert.Contains("the URL came from --services", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeploymentList_NoServicesFlag_GoesThroughTheMastersServicePath()
    {
        await using var master = await FakeMarathon.StartAsync(FakeReply.Text(404, "404 Not Found\nNo framework named 'marathon' is registered with this master.\n"));

        var (exit, _, stderr) = await CliRun.RunAsync("deployment", "list", "--master", master.Url.ToString());

        Assert.Equal(1, exit);
        Assert.Equal("/service/marathon/v2/deployments", Assert.Single(master.Received).Target);
        Assert.Contains("answered 404: 404 Not Found", stderr, StringComparison.Ordinal);
        Assert.Contains("No framework named 'marathon' is registered", stderr, StringComparison.Ordinal);
        Assert.Contains("is `drydock services` running and registered with it? --services URL or $DRYDOCK_SERVICES", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppList_BadServicesUrl_IsAUsageError()
    {
        var (exit, _, stderr) = await CliRun.RunAsync("app", "list", "--services", "ftp://x/");

        Assert.Equal(2, exit);
        Assert.Equal("error: 'ftp://x/' (from --services) is not an http(s) URL", stderr.Trim());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
