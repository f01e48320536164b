using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using static Drydock.Services.Tests.Events.SampleEvents;

namespace Drydock.Services.Tests.Events;

public sealed class EventEndpointTests
{
    [Fact]
    public async Task Get_WithEventStreamAccept_200StreamHeadersAndItsOwnAttachedEventFirst()
    {
        await using var server = await EventServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.Url };

        using var response = await OpenAsync(client, "/v2/events");
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var attached = await reader.NextEventAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("UTF-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.ConnectionClose);
        Assert.Equal("event_stream_attached", attached.Type);
        using var json = JsonDocument.Parse(attached.Data);
        Assert.Equal("127.0.0.1", json.RootElement.GetProperty("remoteAddress").GetString());
        Assert.Equal("2024-03-01T12:00:05.250Z", json.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Get_OnTheWire_ExactContentTypeAndFramedEvents()
    {
        await using var server = await EventServer.StartAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.Url.Port, TestContext.Current.CancellationToken);
        var stream = socket.GetStream();
        await stream.WriteAsync("GET /v2/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var reader = new SseReader(stream);

        await ReadUntilAsync(reader, "event: event_stream_attached\r\ndata: {");
        server.Bus.Publish(new Drydock.Services.Events.AppTerminatedEvent(Web) { Timestamp = At });
        await ReadUntilAsync(reader, "\"appId\":\"/prod/web\"}\r\n\r\n");

        var raw = reader.Raw.ToString();
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: text/event-stream;charset=UTF-8\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", raw, StringComparison.Ordinal);
        Assert.Contains(
            "event: app_terminated_event\r\ndata: {\"eventType\":\"app_terminated_event\",\"timestamp\":\"2024-03-01T12:00:05.250Z\",\"appId\":\"/prod/web\"}\r\n\r\n",
            raw,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PublishedEvents_ReadOneByOneInOrder()
    {
        await using var server = await EventServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.Url };
        using var response = await OpenAsync(client, "/v2/events");
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        Assert.Equal("event_stream_attached", (await reader.NextEventAsync()).Type);

        foreach (var marathonEvent in All())
        {
            server.Bus.Publish(marathonEvent);
            var next = await reader.NextEventAsync();

            Assert.Equal(marathonEvent.EventType, next.Type);
            Assert.Equal(Encoding.UTF8.GetString(marathonEvent.ToJson()), next.Data);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("text/event-stream, */*")]
    [InlineData("text/event-stream;q=1")]
    public async Task Get_WithoutExactlyEventStreamAccept_405AndNoSubscriber(string? accept)
    {
        await using var server = await EventServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/events");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("HTTP method GET is not supported by this URL", json.RootElement.GetProperty("message").GetString());
        Assert.Equal(0, server.Bus.SubscriberCount);
    }

    [Fact]
    public async Task Post_Events_405()
    {
        await using var server = await EventServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.Url };

        using var response = await client.PostAsync("/v2/events", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithEventTypeFilter_OnlyThoseTypesArrive()
    {
        await using var server = await EventServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.Url };
        using var response = await OpenAsync(client, "/v2/events?event_type=deployment_success&event_type=app_terminated_event");
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        await server.WaitForSubscribersAsync(1);

        foreach (var marathonEvent in All())
        {
            server.Bus.Publish(marathonEvent);
        }

        Assert.Equal("deployment_success", (await reader.NextEventAsync()).Type);
        Assert.Equal("app_terminated_event", (await reader.NextEventAsync()).Type);
        server.Bus.Publish(new Drydock.Services.Events.AppTerminatedEvent(Web) { Timestamp = At });
        Assert.Equal("app_terminated_event", (await reader.NextEventAsync()).Type);
    }

    [Fact]
    public async Task Get_IdleForTenSeconds_BareLineHeartbeat()
    {
        await using var server = await EventServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.Url };
        using var response = await OpenAsync(client, "/v2/events");
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        Assert.Equal("event_stream_attached", (await reader.NextEventAsync()).Type);

        server.Time.Advance(TimeSpan.FromSeconds(9));
        server.Bus.Publish(new Drydock.Services.Events.AppTerminatedEvent(Web) { Timestamp = At });
        var beforeTen = await reader.NextAsync();
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var atTen = await reader.NextAsync();

        Assert.Equal("app_terminated_event", beforeTen?.Type);
        Assert.Equal(("", ""), atTen);
        Assert.EndsWith("\"appId\":\"/prod/web\"}\r\n\r\n\r\n", reader.Raw.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ClientLeaves_DetachedEventPublishedAndSubscriptionGone()
    {
        await using var server = await EventServer.StartAsync();
        using var watcher = server.Bus.Subscribe("watcher");
        using (var client = new HttpClient { BaseAddress = server.Url })
        {
            using var response = await OpenAsync(client, "/v2/events");
            var reader = new SseReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
            Assert.Equal("event_stream_attached", (await reader.NextEventAsync()).Type);
        }

        await server.WaitForSubscribersAsync(1);

        var frames = new List<string>();
        while (watcher.Reader.TryRead(out var frame))
        {
            frames.Add(frame.EventType);
        }

        Assert.Equal(["event_stream_attached", "event_stream_detached"], frames);
    }

    [Fact]
    public async Task StopAsync_WithAnOpenStream_EndsItPromptly()
    {
        await using var server = await EventServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.Url };
        using var response = await OpenAsync(client, "/v2/events");
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        Assert.Equal("event_stream_attached", (await reader.NextEventAsync()).Type);

        var watch = Stopwatch.StartNew();
        await server.StopAsync();
        var end = await reader.NextAsync();

        Assert.Null(end);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {watch.Elapsed} with a stream open (the shutdown timeout is 30 s)");
        Assert.Equal(0, server.Bus.SubscriberCount);
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task ReadUntilAsync(SseReader reader, string text)
    {
        while (!reader.Raw.ToString().Contains(text, StringComparison.Ordinal))
        {
            Assert.NotNull(await reader.NextAsync());
        }
    }
}
