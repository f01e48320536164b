using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>
/// Mesos's id rule at the scheduler and operator APIs and v0 <c>/teardown</c>: a launch with an invalid task id fails
/// alone with TASK_ERROR, a call with an invalid id is 400 with the rule's text, and nothing changes.
/// </summary>
public sealed class IdValidationTests : IDisposable
{
    private const string Info = """{"user":"root","name":"ids","roles":["*"]}""";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-ids-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Launch_InvalidTaskId_TaskErrorAndTheOtherTaskRuns()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.12.1", "ids", ["--resources", "cpus:2;mem:512"]);
        await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];

        var accept = Accept(frameworkId, offer, "good", "sleep 30").Replace(
            "\"task_infos\":[",
            "\"task_infos\":[" + Task("bad/id", offer) + "," + Task(".", offer) + ",",
            StringComparison.Ordinal);
        var answer = await stream.CallAsync(accept);
        var slash = await NextStatusAsync(stream, s => TaskIdOf(s) == "bad/id");
        var dot = await NextStatusAsync(stream, s => TaskIdOf(s) == ".");
        var good = await NextStatusAsync(stream, s => TaskIdOf(s) == "good" && s.GetProperty("state").GetString() == "TASK_RUNNING");
        var tasks = await GetAsync(master, "tasks");

        Assert.Equal(202, answer.Status);
        Assert.Equal(("TASK_ERROR", "REASON_TASK_INVALID", "'bad/id' contains invalid characters"), (slash.GetProperty("state").GetString(), slash.GetProperty("reason").GetString(), slash.GetProperty("message").GetString()));
        Assert.Equal(("TASK_ERROR", "'.' is disallowed"), (dot.GetProperty("state").GetString(), dot.GetProperty("message").GetString()));
        Assert.Equal("TASK_RUNNING", good.GetProperty("state").GetString());
        Assert.Equal(["good"], tasks.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    public static TheoryData<string, string> BadSchedulerCalls => new()
    {
        { """{"type":"SUBSCRIBE","framework_id":{"value":"a/b"},"subscribe":{"framework_info":{"user":"root","name":"ids","id":{"value":"a/b"}}}}""", "'framework_id' is not a valid ID: 'a/b' contains invalid characters" },
        { """{"type":"SUBSCRIBE","framework_id":{"value":".."},"subscribe":{"framework_info":{"user":"root","name":"ids","id":{"value":".."}}}}""", "'framework_id' is not a valid ID: '..' is disallowed" },
        { """{"type":"KILL","framework_id":{"value":"f1"},"kill":{"task_id":{"value":""}}}""", "'kill.task_id' is not a valid ID: ID must not be empty" },
        { """{"type":"RECONCILE","framework_id":{"value":"f1"},"reconcile":{"tasks":[{"task_id":{"value":""}}]}}""", "'reconcile.tasks.task_id' is not a valid ID: ID must not be empty" },
        { """{"type":"DECLINE","framework_id":{"value":"f1"},"decline":{"offer_ids":[{"value":"o/1"}]}}""", "'decline.offer_ids' is not a valid ID: 'o/1' contains invalid characters" },
    };

    [Theory]
    [MemberData(nameof(BadSchedulerCalls))]
    public async Task SchedulerCall_InvalidId_400WithTheRuleAndNoFramework(string call, string error)
    {
        await using var master = await MasterSession.StartAsync();

        var reply = await master.PostAsync("api/v1/scheduler", call, MasterSession.Json, ("Accept", MasterSession.Json));
        var frameworks = await GetAsync(master.Process, "frameworks");

        Assert.Equal((400, "Failed to validate scheduler::Call: " + error), (reply.Status, reply.Body));
        Assert.Empty(frameworks.GetProperty("frameworks").EnumerateArray());
    }

    public static TheoryData<string, string> BadOperatorCalls => new()
    {
        { """{"type":"DRAIN_AGENT","drain_agent":{"agent_id":{"value":""}}}""", "'agent_id' is not a valid ID: ID must not be empty" },
        { """{"type":"DEACTIVATE_AGENT","deactivate_agent":{"agent_id":{"value":"a/b"}}}""", "'agent_id' is not a valid ID: 'a/b' contains invalid characters" },
        { """{"type":"REACTIVATE_AGENT","reactivate_agent":{"agent_id":{"value":".."}}}""", "'agent_id' is not a valid ID: '..' is disallowed" },
        { """{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"."}}}""", "'agent_id' is not a valid ID: '.' is disallowed" },
        { """{"type":"TEARDOWN","teardown":{"framework_id":{"value":"f\u0000"}}}""", "'framework_id' is not a valid ID: 'f\u0000' contains invalid characters" },
    };

    [Theory]
    [MemberData(nameof(BadOperatorCalls))]
    public async Task OperatorCall_InvalidId_400WithTheRule(string call, string error)
    {
        await using var master = await MasterSession.StartAsync();

        var reply = await master.CallAsync(call);

        Assert.Equal((400, "Failed to validate master::Call: " + error), (reply.Status, reply.Body));
    }

    [Fact]
    public async Task V0Teardown_InvalidFrameworkId_400NoFramework()
    {
        await using var master = await MasterSession.StartAsync();

        var reply = await master.PostAsync("teardown", "frameworkId=..", "application/x-www-form-urlencoded");

        Assert.Equal((400, "No framework found with specified ID"), (reply.Status, reply.Body));
    }

    private static string Task(string taskId, JsonElement offer) =>
        "{\"name\":\"n\",\"task_id\":{\"value\":" + JsonSerializer.Serialize(taskId) + "},\"agent_id\":" + offer.GetProperty("agent_id").GetRawText()
        + ",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.1}}],\"command\":{\"value\":\"true\"}}";

    private static async Task<JsonElement> GetAsync(MasterProcess master, string path)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var document = JsonDocument.Parse(await http.GetStringAsync(path, TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }
}
