using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary><c>/service/{framework name}/…</c> on a real master, forwarded to a framework's webui_url (a Kestrel server here).</summary>
public sealed class ServiceProxyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Info(string name, Uri? webui, string? id = null) =>
        "{\"user\":\"root\",\"name\":\"" + name + "\",\"failover_timeout\":3600"
        + (id is null ? string.Empty : ",\"id\":{\"value\":\"" + id + "\"}")
        + (webui is null ? string.Empty : ",\"webui_url\":\"" + webui + "\"") + "}";

    private static async Task<(SchedulerStream Stream, string FrameworkId)> SubscribeAsync(MasterProcess master, string info, string? id = null)
    {
        var stream = await SchedulerStream.SubscribeAsync(master.Url, info, id);
        var subscribed = (await stream.NextAsync())!.Value;
        return (stream, subscribed.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!);
    }

    private static HttpClient Client(MasterProcess master) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = master.Url, Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<JsonElement> EchoAsync(HttpResponseMessage reply)
    {
        using var document = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(Token));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Proxy_EveryMethodWithBodyAndQuery_ReachesWebuiUrlWithPrefixStrippedAndHeadersKept()
    {
        await using var upstream = await UpstreamServer.StartAsync("one");
        await using var master = await MasterProcess.StartAsync();
        var (stream, _) = await SubscribeAsync(master, Info("marathon", upstream.Url));
        await using var subscription = stream;
        using var http = Client(master);

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, "service/marathon/v2/apps/my%20app?force=true&x=a%26b");
            if (method != HttpMethod.Get)
            {
                request.Content = new StringContent("{\"id\":\"/" + method.Method + "\"}", Encoding.UTF8, "application/json");
            }

            using var reply = await http.SendAsync(request, Token);
            var echo = await EchoAsync(reply);

            Assert.Equal(method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK, reply.StatusCode);
            Assert.Equal(method.Method, echo.GetProperty("method").GetString());
            Assert.Equal("/v2/apps/my app", echo.GetProperty("path").GetString());
            Assert.Equal("?force=true&x=a%26b", echo.GetProperty("query").GetString());
            Assert.Equal(method == HttpMethod.Get ? string.Empty : "{\"id\":\"/" + method.Method + "\"}", echo.GetProperty("body").GetString());
            Assert.Equal("http://leader.example:8080", reply.Headers.GetValues("X-Marathon-Leader").Single());
            Assert.Equal("127.0.0.1", echo.GetProperty("x_forwarded_for").GetString());
            Assert.Equal("http", echo.GetProperty("x_forwarded_proto").GetString());
            Assert.Equal($"127.0.0.1:{master.Url.Port}", echo.GetProperty("x_forwarded_host").GetString());
            Assert.Equal("/service/marathon", echo.GetProperty("x_forwarded_prefix").GetString());
            Assert.Equal($"127.0.0.1:{upstream.Url.Port}", echo.GetProperty("host").GetString());
        }

        using var moved = await http.GetAsync("service/marathon/moved", Token);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, moved.StatusCode);
        Assert.Equal("/v2/apps?moved=1", moved.Headers.Location!.OriginalString);

        using var bare = await http.GetAsync("service/marathon?a=1", Token);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, bare.StatusCode);
        Assert.Equal("/service/marathon/?a=1", bare.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Proxy_EventStream_FirstEventArrivesBeforeUpstreamWritesTheSecond()
    {
        await using var upstream = await UpstreamServer.StartAsync("events");
        await using var master = await MasterProcess.StartAsync();
        var (stream, _) = await SubscribeAsync(master, Info("marathon", upstream.Url));
        await using var subscription = stream;
        using var http = Client(master);

        using var request = new HttpRequestMessage(HttpMethod.Get, "service/marathon/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var reply = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await reply.Content.ReadAsStreamAsync(Token));
        var first = await ReadEventAsync(reader);
        upstream.ReleaseSecondEvent();
        var second = await ReadEventAsync(reader);

        Assert.Equal("text/event-stream", reply.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["event: first", "data: {\"n\":1}"], first);
        Assert.Equal(["event: second", "data: {\"n\":2}"], second);
        Assert.Null(await reader.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
    }

    [Fact]
    public async Task Proxy_OpenEventStream_MasterStopsWithoutWaitingForIt()
    {
        await using var upstream = await UpstreamServer.StartAsync("events");
        await using var master = await MasterProcess.StartAsync();
        var (stream, _) = await SubscribeAsync(master, Info("marathon", upstream.Url));
        await using var subscription = stream;
        using var http = Client(master);
        using var reply = await http.GetAsync("service/marathon/events", HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await reply.Content.ReadAsStreamAsync(Token));
        await ReadEventAsync(reader);

        // The host would wait up to 30 s for a request still running; the proxied stream is cut at once instead.
        var started = DateTime.UtcNow;
        var exitCode = await master.SignalAndWaitAsync("TERM", TimeSpan.FromSeconds(20));

        Assert.Equal(0, exitCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), $"the master took {DateTime.UtcNow - started} to stop");
    }

    [Fact]
    public async Task Proxy_UnknownNameOrNoWebuiUrl_404WithAdminRoutersText()
    {
        await using var master = await MasterProcess.StartAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info("no-ui", null));
        await using var subscription = stream;
        using var http = Client(master);

        using var unknown = await http.GetAsync("service/nobody/v2/apps", Token);
        using var noUi = await http.PostAsync("service/no-ui/v2/apps", new StringContent("{}"), Token);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("404 Not Found: service not found.\nNo framework named 'nobody' is registered with this master.\n", await unknown.Content.ReadAsStringAsync(Token));
        Assert.Equal(HttpStatusCode.NotFound, noUi.StatusCode);
        Assert.Equal($"404 Not Found: service not found.\nThe framework 'no-ui' ({frameworkId}) has no webui_url.\n", await noUi.Content.ReadAsStringAsync(Token));
        Assert.Equal("text/plain", noUi.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Proxy_UpstreamRefusesConnections_502WithClearText()
    {
        // A port that was free a moment ago and has no listener now.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var down = new Uri($"http://127.0.0.1:{port}/");
        await using var master = await MasterProcess.StartAsync();
        var (stream, _) = await SubscribeAsync(master, Info("gone", down));
        await using var subscription = stream;
        using var http = Client(master);

        using var reply = await http.PutAsync("service/gone/v2/apps/x", new StringContent("{}"), Token);
        var text = await reply.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.BadGateway, reply.StatusCode);
        Assert.StartsWith($"502 Bad Gateway: the service 'gone' at {down} could not be reached (", text, StringComparison.Ordinal);
        Assert.Equal("text/plain", reply.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Proxy_FrameworkResubscribesWithNewWebuiUrl_RouteFollowsIt()
    {
        await using var before = await UpstreamServer.StartAsync("before");
        await using var after = await UpstreamServer.StartAsync("after");
        await using var master = await MasterProcess.StartAsync();
        using var http = Client(master);
        var (first, frameworkId) = await SubscribeAsync(master, Info("marathon", before.Url));
        string tagBefore;
        await using (first)
        {
            using var reply = await http.GetAsync("service/marathon/ping", Token);
            tagBefore = (await EchoAsync(reply)).GetProperty("tag").GetString()!;
        }

        var (second, sameId) = await SubscribeAsync(master, Info("marathon", after.Url, frameworkId), frameworkId);
        await using var subscription = second;
        using var moved = await http.GetAsync("service/marathon/ping", Token);
        var tagAfter = (await EchoAsync(moved)).GetProperty("tag").GetString();

        Assert.Equal("before", tagBefore);
        Assert.Equal(frameworkId, sameId);
        Assert.Equal("after", tagAfter);
    }

    /// <summary>The lines of the next server-sent event (up to its blank line), within a deadline.</summary>
    private static async Task<string[]> ReadEventAsync(StreamReader reader)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);
            if (line is null || (line.Length == 0 && lines.Count > 0))
            {
                return [.. lines];
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }
    }
}
