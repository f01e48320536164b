using System.Net;
using System.Net.Sockets;
using Drydock.Client.Marathon;

namespace Drydock.Client.Tests.Marathon;

public sealed class MarathonClientErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAppAsync_422_CarriesTheMessageAndEveryDetail()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(422, """
            {"message":"Object is not valid","details":[
              {"path":"/","errors":["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."]},
              {"path":"/cpus","errors":["error.min","must be at least 0.001"]}]}
            """));
        using var client = new MarathonClient(server.Url);

        var error = await Assert.ThrowsAsync<MarathonApiException>(() => client.CreateAppAsync("""{"id":"/x","cpus":0}"""u8.ToArray(), Ct));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Object is not valid", true), (error.Status, error.Message, error.IsMarathonError));
        Assert.Equal(["/", "/cpus"], error.Details.Select(d => d.Path));
        Assert.Equal(["error.min", "must be at least 0.001"], error.Details[1].Errors);
        Assert.Empty(error.DeploymentIds);
    }

    [Fact]
    public async Task ScaleAppAsync_409Locked_CarriesTheLockingDeployments()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(409, """
            {"message":"App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.",
             "deployments":[{"id":"d-1"},{"id":"d-2"}]}
            """));
        using var client = new MarathonClient(server.Url);

        var error = await Assert.ThrowsAsync<MarathonApiException>(() => client.ScaleAppAsync("/web", 3, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal(["d-1", "d-2"], error.DeploymentIds);
    }

    [Fact]
    public async Task GetAppAsync_404_CarriesMarathonsMessage()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(404, """{"message":"App '/web' does not exist"}"""));
        using var client = new MarathonClient(server.Url);

        var error = await Assert.ThrowsAsync<MarathonApiException>(() => client.GetAppAsync("/web", Ct));

        Assert.Equal((HttpStatusCode.NotFound, "App '/web' does not exist", true), (error.Status, error.Message, error.IsMarathonError));
    }

    [Fact]
    public async Task CreateAppAsync_400InvalidJson_KeepsTheDetailText()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Json(400, """{"message":"Invalid JSON","details":"Unexpected end-of-input at line 1"}"""));
        using var client = new MarathonClient(server.Url);

        var error = await Assert.ThrowsAsync<MarathonApiException>(() => client.CreateAppAsync("{"u8.ToArray(), Ct));

        Assert.Equal(("Invalid JSON", "Unexpected end-of-input at line 1"), (error.Message, error.DetailText));
        Assert.Empty(error.Details);
    }

    [Fact]
    public async Task ListAppsAsync_ProxyText404_IsNotAMarathonErrorAndKeepsTheText()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Text(404, "404 Not Found\nNo framework named 'marathon' is registered with this master.\n"));
        using var client = new MarathonClient(server.Url);

        var error = await Assert.ThrowsAsync<MarathonApiException>(() => client.ListAppsAsync(cancellationToken: Ct));

        Assert.False(error.IsMarathonError);
        Assert.Equal("404 Not Found\nNo framework named 'marathon' is registered with this master.", error.Message);
    }

    [Fact]
    public async Task ListAppsAsync_EmptyErrorBody_IsTheStatusLine()
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Empty(503));
        using var client = new MarathonClient(server.Url);

        var error = await Assert.ThrowsAsync<MarathonApiException>(() => client.ListAppsAsync(cancellationToken: Ct));

        Assert.Equal("503 Service Unavailable", error.Message);
    }

    [Theory]
    [InlineData("<html>not marathon</html>")]
    [InlineData("{\"apps\":\"none\"}")]
    [InlineData("null")]
    public async Task ListAppsAsync_200ThatIsNotMarathons_SaysSoWithTheUrl(string body)
    {
        await using var server = await FakeMarathon.StartAsync(FakeReply.Text(200, body));
        using var client = new MarathonClient(server.Url);

        var error = await Assert.ThrowsAsync<MarathonApiException>(() => client.ListAppsAsync(cancellationToken: Ct));

        Assert.Contains("not what a Marathon /v2 API answers", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Url.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDeploymentsAsync_NothingListening_IsUnreachableNamingTheUrl()
    {
        var url = new Uri($"http://127.0.0.1:{ClosedPort()}/service/marathon/");
        using var client = new MarathonClient(url);

        var error = await Assert.ThrowsAsync<MarathonUnreachableException>(() => client.ListDeploymentsAsync(Ct));

        Assert.Equal(url, error.BaseUrl);
        Assert.StartsWith($"cannot reach the services API at {url}: ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: one the system just handed out and took back.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
