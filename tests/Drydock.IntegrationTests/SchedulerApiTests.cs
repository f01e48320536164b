using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>The v1 scheduler API's subscription: SUBSCRIBE streams, heartbeats, the stream-id rules, TEARDOWN.</summary>
public sealed class SchedulerApiTests
{
    private const string Info = """{"user":"root","name":"test-fw","roles":["*"],"checkpoint":true,"failover_timeout":60,"capabilities":[{"type":"PARTITION_AWARE"}]}""";

    private static Task<MasterProcess> StartMasterAsync() => MasterProcess.StartAsync(null, "--heartbeat-interval", "1s");

    private static async Task<(int Status, string Body)> PostAsync(MasterProcess master, string json, string? streamId = null)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/scheduler") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (streamId is not null)
        {
            request.Headers.Add("Mesos-Stream-Id", streamId);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string FrameworkId(JsonElement subscribed) =>
        subscribed.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;

    [Fact]
    public async Task Subscribe_NewFramework_StreamsSubscribedThenHeartbeats()
    {
        await using var master = await StartMasterAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);

        var subscribed = (await stream.NextAsync())!.Value;
        var heartbeat = (await stream.NextAsync())!.Value;

        Assert.Equal(200, (int)stream.Response.StatusCode);
        Assert.Equal("application/json", stream.Response.Content.Headers.ContentType!.ToString());
        Assert.True(Guid.TryParse(stream.StreamId, out _));
        Assert.Equal("SUBSCRIBED", subscribed.GetProperty("type").GetString());
        Assert.Equal(master.Id + "-0000", FrameworkId(subscribed));
        Assert.Equal(1, subscribed.GetProperty("subscribed").GetProperty("heartbeat_interval_seconds").GetDouble());
        var masterInfo = subscribed.GetProperty("subscribed").GetProperty("master_info");
        Assert.Equal(master.Id, masterInfo.GetProperty("id").GetString());
        Assert.Equal(16777343u, masterInfo.GetProperty("ip").GetUInt32());
        Assert.Equal("127.0.0.1", masterInfo.GetProperty("address").GetProperty("ip").GetString());
        Assert.Equal("HEARTBEAT", heartbeat.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Subscribe_Frameworks_ListedWhileSubscribedAndCompletedAfterTeardown()
    {
        await using var master = await StartMasterAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var id = FrameworkId((await stream.NextAsync())!.Value);
        using var http = new HttpClient { BaseAddress = master.Url };

        using (var listed = JsonDocument.Parse(await http.GetStringAsync("master/frameworks/", TestContext.Current.CancellationToken)))
        {
            var framework = Assert.Single(listed.RootElement.GetProperty("frameworks").EnumerateArray());
            Assert.Equal(id, framework.GetProperty("id").GetString());
            Assert.True(framework.GetProperty("active").GetBoolean());
            Assert.Equal("test-fw", framework.GetProperty("name").GetString());
        }

        var teardown = await stream.CallAsync(SchedulerStream.Teardown(id));
        Assert.Equal(202, teardown.Status);
        while (await stream.NextAsync() is { } next)
        {
            Assert.Equal("HEARTBEAT", next.GetProperty("type").GetString());
        }

        using var state = JsonDocument.Parse(await http.GetStringAsync("state", TestContext.Current.CancellationToken));
        Assert.Empty(state.RootElement.GetProperty("frameworks").EnumerateArray());
        Assert.Equal(id, state.RootElement.GetProperty("completed_frameworks")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Subscribe_AgainWithId_KeepsTheIdAndReplacesTheStream()
    {
        await using var master = await StartMasterAsync();
        string id;
        string oldStream;
        await using (var first = await SchedulerStream.SubscribeAsync(master.Url, Info))
        {
            id = FrameworkId((await first.NextAsync())!.Value);
            oldStream = first.StreamId;
        }

        await using var second = await SchedulerStream.SubscribeAsync(master.Url, "{\"id\":{\"value\":\"" + id + "\"}," + Info[1..], id);
        var resubscribed = (await second.NextAsync())!.Value;

        Assert.Equal(id, FrameworkId(resubscribed));
        Assert.NotEqual(oldStream, second.StreamId);
        var stale = await second.CallAsync(SchedulerStream.Teardown(id), oldStream);
        Assert.Equal((400, $"The stream ID '{oldStream}' included in this request didn't match the stream ID currently associated with framework ID {id}"), stale);
    }

    [Theory]
    [InlineData("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"x"}}}""", "Failed to convert JSON into Call protobuf: Missing required fields: subscribe.framework_info.user")]
    [InlineData("""{"type":"SUBSCRIBE"}""", "Failed to validate scheduler::Call: Expecting 'subscribe' to be present")]
    [InlineData("""{"type":"NOPE"}""", "Failed to validate scheduler::Call: Expecting 'type' to be present")]
    [InlineData("""{"type":"TEARDOWN"}""", "Failed to validate scheduler::Call: Expecting 'framework_id' to be present")]
    [InlineData("""{"type":"TEARDOWN","framework_id":{"value":"nope"}}""", "Framework cannot be found")]
    [InlineData("""{"type":"SUBSCRIBE","framework_id":{"value":"a"},"subscribe":{"framework_info":{"user":"u","name":"n","id":{"value":"b"}}}}""", "Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'")]
    public async Task Call_Invalid_400WithMesosText(string json, string message)
    {
        await using var master = await StartMasterAsync();

        Assert.Equal((400, message), await PostAsync(master, json));
    }

    [Fact]
    public async Task Subscribe_WithStreamIdHeader_IsRefused()
    {
        await using var master = await StartMasterAsync();

        var reply = await PostAsync(master, SchedulerStream.Subscribe(Info), "abc");

        Assert.Equal((400, "Subscribe calls should not include the 'Mesos-Stream-Id' header"), reply);
    }

    [Fact]
    public async Task Subscribe_EmptyIdValue_IsANewFramework()
    {
        await using var master = await StartMasterAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, """{"user":"root","name":"x","id":{"value":""}}""");

        Assert.Equal(master.Id + "-0000", FrameworkId((await stream.NextAsync())!.Value));
    }

    [Fact]
    public async Task NonSubscribe_StreamRules_InMesosOrder()
    {
        await using var master = await StartMasterAsync();
        string id;
        await using (var stream = await SchedulerStream.SubscribeAsync(master.Url, Info))
        {
            id = FrameworkId((await stream.NextAsync())!.Value);
            var teardown = SchedulerStream.Teardown(id);

            Assert.Equal((400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header"), await stream.CallAsync(teardown, streamId: null));
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        (int Status, string Body) reply;
        do
        {
            reply = await PostAsync(master, SchedulerStream.Teardown(id), "x");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        while (reply.Status != 403 && DateTime.UtcNow < deadline);

        Assert.Equal((403, "Framework is not subscribed"), reply);
    }
}
