using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>
/// Issue 10's defects 1-3 against a real master and agent: a non-finite or negative amount in a launch and a
/// non-finite or out-of-range failover timeout are refused with Mesos's texts, the master keeps running, every read
/// endpoint answers 200, offers stay right, and nothing the refused calls carried is in the books.
/// </summary>
public sealed class HostileNumbersTests : IDisposable
{
    private const string Info = """{"user":"root","name":"numbers","roles":["*"],"checkpoint":true}""";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-numbers-");

    public void Dispose() => _root.Delete(recursive: true);

    private sealed record Session(MasterProcess Master, AgentProcess Agent, SchedulerStream Stream, string FrameworkId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            await Agent.DisposeAsync();
            await Master.DisposeAsync();
        }
    }

    private async Task<Session> StartAsync(string ip)
    {
        var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--heartbeat-interval", "1s");
        var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, ip), ip, "agent-" + ip, ["--resources", "cpus:4;mem:1024;disk:1000"]);
        await agent.WaitRegisteredAsync();
        var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        return new Session(master, agent, stream, frameworkId);
    }

    private static string Accept(Session s, JsonElement offer, string taskId, string cpus) =>
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"" + s.FrameworkId + "\"},\"accept\":{\"offer_ids\":[" + offer.GetProperty("id").GetRawText()
        + "],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"" + taskId + "\",\"task_id\":{\"value\":\"" + taskId
        + "\"},\"agent_id\":" + offer.GetProperty("agent_id").GetRawText()
        + ",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":" + cpus + "}},{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":16}}]"
        + ",\"command\":{\"value\":\"sleep 60\",\"shell\":true}}]}}],\"filters\":{\"refuse_seconds\":0}}}";

    private static async Task<JsonElement> NextOfferAsync(SchedulerStream stream) =>
        (await SchedulerCalls.NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];

    private static double Cpus(JsonElement offer) => offer.GetProperty("resources").EnumerateArray()
        .Where(r => r.GetProperty("name").GetString() == "cpus").Sum(r => r.GetProperty("scalar").GetProperty("value").GetDouble());

    [Theory]
    [InlineData("127.0.43.1", "-1e400", "-1e400")]
    [InlineData("127.0.43.2", "\"-Infinity\"", "-Infinity")]
    public async Task Accept_NonFiniteCpus_RefusedAndTheMasterKeepsOffering(string ip, string cpus, string quoted)
    {
        await using var s = await StartAsync(ip);
        var offer = await NextOfferAsync(s.Stream);

        var refused = await s.Stream.CallAsync(Accept(s, offer, "inf", cpus));

        Assert.Equal(400, refused.Status);
        Assert.Equal(
            $"Failed to convert JSON into Call protobuf: Value '{quoted}' is not a finite number for field 'accept.operations[0].launch.task_infos[0].resources[0].scalar.value'",
            refused.Body);

        // The refused call changed nothing: the offer is still the framework's, and once declined the next one is whole.
        var decline = "{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\"" + s.FrameworkId + "\"},\"decline\":{\"offer_ids\":[" + offer.GetProperty("id").GetRawText() + "],\"filters\":{\"refuse_seconds\":0}}}";
        Assert.Equal(202, (await s.Stream.CallAsync(decline)).Status);
        Assert.Equal(4, Cpus(await NextOfferAsync(s.Stream)));
        Assert.False(s.Master.HasExited);
        await AssertReadEndpointsAnswerAsync(s.Master);
        using var http = new HttpClient { BaseAddress = s.Master.Url };
        using var tasks = JsonDocument.Parse(await http.GetStringAsync("tasks", TestContext.Current.CancellationToken));
        Assert.Empty(tasks.RootElement.GetProperty("tasks").EnumerateArray());
    }

    [Fact]
    public async Task Accept_NegativeCpus_TaskErrorAndTheAgentIsNotOvercommitted()
    {
        await using var s = await StartAsync("127.0.43.3");
        var offer = await NextOfferAsync(s.Stream);

        Assert.Equal(202, (await s.Stream.CallAsync(Accept(s, offer, "minus", "-3"))).Status);
        var error = await SchedulerCalls.NextStatusAsync(s.Stream, "TASK_ERROR");

        Assert.Equal("minus", SchedulerCalls.TaskIdOf(error));
        Assert.Equal("REASON_TASK_INVALID", error.GetProperty("reason").GetString());
        Assert.Equal(
            "Task uses invalid resources: Invalid resources: Resource 'cpus(allocated: *):-3' is invalid: Invalid scalar resource: value <= 0",
            error.GetProperty("message").GetString());

        // Nothing is used, the next offer carries the agent's 4 cpus (not 7), and 7 cpus do not fit in it.
        using (var http = new HttpClient { BaseAddress = s.Master.Url })
        using (var slaves = JsonDocument.Parse(await http.GetStringAsync("slaves", TestContext.Current.CancellationToken)))
        {
            Assert.Equal(0, slaves.RootElement.GetProperty("slaves")[0].GetProperty("used_resources").GetProperty("cpus").GetDouble());
        }

        var next = await NextOfferAsync(s.Stream);
        Assert.Equal(4, Cpus(next));
        Assert.Equal(202, (await s.Stream.CallAsync(Accept(s, next, "seven", "7"))).Status);
        var tooBig = await SchedulerCalls.NextStatusAsync(s.Stream, "TASK_ERROR");
        Assert.Equal(("seven", "Task uses more resources than offered"), (SchedulerCalls.TaskIdOf(tooBig), tooBig.GetProperty("message").GetString()));
        await AssertReadEndpointsAnswerAsync(s.Master);
    }

    [Theory]
    [InlineData("1e400", "1e400")]
    [InlineData("\"Infinity\"", "Infinity")]
    [InlineData("\"NaN\"", "NaN")]
    public async Task Subscribe_NonFiniteFailoverTimeout_RefusedWithTheField(string timeout, string quoted)
    {
        await using var master = await MasterProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = master.Url };
        var call = SchedulerStream.Subscribe("""{"user":"root","name":"inf","failover_timeout":""" + timeout + "}");
        using var content = new StringContent(call, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

        using var reply = await http.PostAsync("api/v1/scheduler", content, TestContext.Current.CancellationToken);

        Assert.Equal(400, (int)reply.StatusCode);
        Assert.Equal(
            $"Failed to convert JSON into Call protobuf: Value '{quoted}' is not a finite number for field 'subscribe.framework_info.failover_timeout'",
            await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await AssertReadEndpointsAnswerAsync(master, frameworks: 0);
    }

    [Fact]
    public async Task Subscribe_FailoverTimeoutBeyondADuration_ErrorEventAndNothingStored()
    {
        await using var master = await MasterProcess.StartAsync();

        await using (var stream = await SchedulerStream.SubscribeAsync(master.Url, """{"user":"root","name":"huge","failover_timeout":1e10}"""))
        {
            var error = (await stream.NextAsync())!.Value;
            Assert.Equal("ERROR", error.GetProperty("type").GetString());
            Assert.Equal("The framework failover_timeout (1e+10) is invalid", error.GetProperty("error").GetProperty("message").GetString());
            Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(10)));
        }

        await AssertReadEndpointsAnswerAsync(master, frameworks: 0);
    }

    /// <summary>Every read endpoint that issue 10 saw fail answers 200 and parses; <c>frameworks</c>, when given, is how many are known.</summary>
    private static async Task AssertReadEndpointsAnswerAsync(MasterProcess master, int? frameworks = null)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = master.Url };
        foreach (var path in new[] { "state", "state-summary", "master/frameworks", "slaves", "tasks" })
        {
            using var reply = await http.GetAsync(path, ct);
            Assert.True(reply.IsSuccessStatusCode, $"{path}: {(int)reply.StatusCode}");
            using var parsed = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(ct));
            if (frameworks is { } count && path == "state")
            {
                Assert.Equal(count, parsed.RootElement.GetProperty("frameworks").GetArrayLength());
            }
        }

        foreach (var type in new[] { "GET_STATE", "GET_TASKS", "GET_FRAMEWORKS", "GET_AGENTS" })
        {
            using var content = new StringContent("{\"type\":\"" + type + "\"}", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var reply = await http.PostAsync("api/v1", content, ct);
            Assert.True(reply.IsSuccessStatusCode, $"{type}: {(int)reply.StatusCode}");
            using var parsed = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(ct));
        }

        await using var events = await SchedulerStream.OpenAsync(master.Url, "api/v1", """{"type":"SUBSCRIBE"}""");
        Assert.Equal("SUBSCRIBED", (await events.NextAsync())!.Value.GetProperty("type").GetString());
    }
}
