using System.Globalization;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>
/// The master's task books against real processes: resources freed when tasks end, the task history (completed tasks and
/// frameworks), the whole Mesos task object, frameworks that survive a master restart, and teardown from outside.
/// </summary>
public sealed class TaskBooksTests : IDisposable
{
    private const string Resources = "cpus:2;mem:1024;disk:1000;ports:[31000-31009]";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-books-");

    public void Dispose() => _root.Delete(recursive: true);

    private static string Info(string name = "books-test", bool checkpoint = true, double failoverTimeout = 3600, string? id = null) =>
        "{" + (id is null ? string.Empty : "\"id\":{\"value\":\"" + id + "\"},") + "\"user\":\"root\",\"name\":\"" + name + "\",\"roles\":[\"*\"],\"checkpoint\":"
        + (checkpoint ? "true" : "false") + ",\"failover_timeout\":" + failoverTimeout.ToString(CultureInfo.InvariantCulture)
        + ",\"labels\":{\"labels\":[{\"key\":\"team\",\"value\":\"core\"}]}}";

    private AgentProcess StartAgent(MasterProcess master, string ip, string name = "agent") =>
        AgentProcess.Start(master.Url, Path.Combine(_root.FullName, name), ip, name, ["--resources", Resources]);

    private static async Task<(SchedulerStream Stream, string FrameworkId)> SubscribeAsync(MasterProcess master, string info, string? frameworkId = null)
    {
        var stream = await SchedulerStream.SubscribeAsync(master.Url, info, frameworkId);
        var subscribed = (await stream.NextAsync())!.Value;
        Assert.Equal("SUBSCRIBED", subscribed.GetProperty("type").GetString());
        return (stream, subscribed.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!);
    }

    private static async Task<JsonElement> LaunchRunningAsync(SchedulerStream stream, string frameworkId, string taskId, string command = "sleep 60")
    {
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, taskId, command))).Status);
        var running = await NextStatusAsync(stream, "TASK_RUNNING", frameworkId);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, running))).Status);
        return running;
    }

    private static async Task<JsonElement> GetAsync(MasterProcess master, string path)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var document = JsonDocument.Parse(await http.GetStringAsync(path, TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> PollAsync(MasterProcess master, string path, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var body = await GetAsync(master, path);
            if (until(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never reached the expected state: {body}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<(int Status, string Body)> PostAsync(MasterProcess master, string path, string body, string? contentType)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var reply = await http.PostAsync(path, content, TestContext.Current.CancellationToken);
        return ((int)reply.StatusCode, await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static Task<(int Status, string Body)> OperatorAsync(MasterProcess master, string call) => PostAsync(master, "api/v1", call, "application/json");

    private static string OperatorTeardown(string frameworkId) =>
        "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"" + frameworkId + "\"}}}";

    private static JsonElement[] Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) ? array.EnumerateArray().ToArray() : [];

    /// <summary>Every event until the master ends the stream.</summary>
    private static async Task<List<JsonElement>> DrainAsync(SchedulerStream stream)
    {
        var events = new List<JsonElement>();
        while (await stream.NextAsync() is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    [Fact]
    public async Task OperatorTeardown_RunningTask_KilledFreedCompletedAndStreamEndsWithError()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--heartbeat-interval", "1s");
        await using var agent = StartAgent(master, "127.0.12.1");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info());
        await using var subscription = stream;
        await LaunchRunningAsync(stream, frameworkId, "t-torn");
        var before = await GetAsync(master, "slaves");

        var teardown = await OperatorAsync(master, OperatorTeardown(frameworkId));
        var slaves = await GetAsync(master, "slaves");
        var state = await GetAsync(master, "state");
        var again = await OperatorAsync(master, OperatorTeardown(frameworkId));
        var events = await DrainAsync(stream);
        var tasks = JsonDocument.Parse((await OperatorAsync(master, """{"type":"GET_TASKS"}""")).Body).RootElement.GetProperty("get_tasks");
        var exited = Directory.EnumerateFiles(Path.Combine(_root.FullName, "agent"), "exit_status", SearchOption.AllDirectories);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!exited.Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal((200, string.Empty), teardown);
        Assert.Equal(0.1, before.GetProperty("slaves")[0].GetProperty("used_resources").GetProperty("cpus").GetDouble(), 6);
        Assert.Equal(0, slaves.GetProperty("slaves")[0].GetProperty("used_resources").GetProperty("cpus").GetDouble());
        Assert.Empty(state.GetProperty("frameworks").EnumerateArray());
        var completed = Assert.Single(state.GetProperty("completed_frameworks").EnumerateArray());
        Assert.Equal((frameworkId, false, false), (completed.GetProperty("id").GetString(), completed.GetProperty("active").GetBoolean(), completed.GetProperty("connected").GetBoolean()));
        var task = Assert.Single(completed.GetProperty("completed_tasks").EnumerateArray());
        Assert.Equal(("t-torn", "TASK_KILLED"), (task.GetProperty("id").GetString(), task.GetProperty("state").GetString()));
        Assert.Equal("TASK_KILLED", task.GetProperty("statuses").EnumerateArray().Last().GetProperty("state").GetString());
        Assert.Equal((400, "No framework found with specified ID"), again);
        var error = Assert.Single(events, e => e.GetProperty("type").GetString() == "ERROR");
        Assert.Equal("Framework has been removed", error.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(Array(tasks, "tasks"));
        Assert.Equal(["t-torn"], Array(tasks, "completed_tasks").Select(t => t.GetProperty("task_id").GetProperty("value").GetString()));
        Assert.True(exited.Any(), "the task's process was not killed on the agent");
    }

    [Fact]
    public async Task Teardown_V0FormBody_EveryPathRemovesTheFrameworkAndBadInputIsRefused()
    {
        await using var master = await MasterProcess.StartAsync(null, "--heartbeat-interval", "1s");
        string[] paths = ["teardown", "master/teardown", "mesos/master/teardown", "master/shutdown"];
        var subscriptions = new List<(SchedulerStream Stream, string Id)>();
        foreach (var path in paths)
        {
            subscriptions.Add(await SubscribeAsync(master, Info(name: path.Replace('/', '-'))));
        }

        try
        {
            var missing = await PostAsync(master, "teardown", "other=1", null);
            var unknown = await PostAsync(master, "master/teardown", "frameworkId=no-such-framework", null);
            using var http = new HttpClient { BaseAddress = master.Url };
            using var get = await http.GetAsync("master/teardown", TestContext.Current.CancellationToken);
            var replies = new List<(int, string)>();
            for (var i = 0; i < paths.Length; i++)
            {
                // The older DC/OS CLI sends the form with no Content-Type; a form Content-Type works too.
                replies.Add(await PostAsync(master, paths[i], "frameworkId=" + subscriptions[i].Id, i % 2 == 0 ? null : "application/x-www-form-urlencoded"));
            }

            var errors = new List<string?>();
            foreach (var (stream, _) in subscriptions)
            {
                errors.Add((await DrainAsync(stream)).Where(e => e.GetProperty("type").GetString() == "ERROR").Select(e => e.GetProperty("error").GetProperty("message").GetString()).SingleOrDefault());
            }

            var frameworks = await GetAsync(master, "master/frameworks");
            var resubscribe = await SchedulerStream.SubscribeAsync(master.Url, Info(id: subscriptions[0].Id), subscriptions[0].Id);
            await using (resubscribe)
            {
                var refused = await DrainAsync(resubscribe);
                Assert.Equal("Framework has been removed", Assert.Single(refused).GetProperty("error").GetProperty("message").GetString());
            }

            Assert.Equal((400, "Missing 'frameworkId' query parameter in the request body"), missing);
            Assert.Equal((400, "No framework found with specified ID"), unknown);
            Assert.Equal(405, (int)get.StatusCode);
            Assert.All(replies, r => Assert.Equal((200, string.Empty), r));
            Assert.All(errors, e => Assert.Equal("Framework has been removed", e));
            Assert.Empty(frameworks.GetProperty("frameworks").EnumerateArray());
            Assert.Equal(subscriptions.Select(s => s.Id).Order(StringComparer.Ordinal), frameworks.GetProperty("completed_frameworks").EnumerateArray().Select(f => f.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var (stream, _) in subscriptions)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AgentSigUsr1_RunningTask_LostTaskMovesToCompletedEverywhere()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = StartAgent(master, "127.0.12.2");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info());
        await using var subscription = stream;
        await LaunchRunningAsync(stream, frameworkId, "t-removed");

        await agent.SignalAndWaitAsync("USR1", TimeSpan.FromSeconds(30));
        var lost = await NextStatusAsync(stream, "TASK_LOST", frameworkId);
        var state = await PollAsync(master, "state", s => s.GetProperty("slaves").GetArrayLength() == 0);
        var frameworks = await GetAsync(master, "master/frameworks");
        var listed = await GetAsync(master, "tasks");
        var tasks = JsonDocument.Parse((await OperatorAsync(master, """{"type":"GET_TASKS"}""")).Body).RootElement.GetProperty("get_tasks");
        var getState = JsonDocument.Parse((await OperatorAsync(master, """{"type":"GET_STATE"}""")).Body).RootElement.GetProperty("get_state").GetProperty("get_tasks");

        Assert.Equal("REASON_AGENT_REMOVED", lost.GetProperty("reason").GetString());
        foreach (var framework in new[] { state.GetProperty("frameworks")[0], frameworks.GetProperty("frameworks")[0] })
        {
            Assert.Empty(framework.GetProperty("tasks").EnumerateArray());
            var completed = Assert.Single(framework.GetProperty("completed_tasks").EnumerateArray());
            Assert.Equal(("t-removed", "TASK_LOST"), (completed.GetProperty("id").GetString(), completed.GetProperty("state").GetString()));
            Assert.Equal(0, framework.GetProperty("used_resources").GetProperty("cpus").GetDouble());
        }

        Assert.Equal("TASK_LOST", Assert.Single(listed.GetProperty("tasks").EnumerateArray()).GetProperty("state").GetString());
        Assert.Empty(Array(tasks, "tasks"));
        Assert.Equal("TASK_LOST", Assert.Single(Array(tasks, "completed_tasks")).GetProperty("state").GetString());
        Assert.Equal("TASK_LOST", Assert.Single(Array(getState, "completed_tasks")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AgentRestart_NonCheckpointingTaskLost_NothingUsedBeforeOrAfterTeardown()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var agent = StartAgent(master, "127.0.12.3");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info(checkpoint: false));
        await using var subscription = stream;
        await LaunchRunningAsync(stream, frameworkId, "t-volatile");

        await agent.KillNineAsync();
        await agent.DisposeAsync();
        await NextStatusAsync(stream, "TASK_LOST", frameworkId);
        await using var restarted = StartAgent(master, "127.0.12.3");
        await restarted.WaitRegisteredAsync();
        var afterLoss = await PollAsync(master, "slaves", s => s.GetProperty("slaves").GetArrayLength() == 1 && s.GetProperty("slaves")[0].GetProperty("active").GetBoolean());
        var teardown = await OperatorAsync(master, OperatorTeardown(frameworkId));
        var afterTeardown = await GetAsync(master, "slaves");
        var state = await GetAsync(master, "state");

        Assert.Equal(0, afterLoss.GetProperty("slaves")[0].GetProperty("used_resources").GetProperty("cpus").GetDouble());
        Assert.Equal((200, string.Empty), teardown);
        Assert.Equal(0, afterTeardown.GetProperty("slaves")[0].GetProperty("used_resources").GetProperty("cpus").GetDouble());
        var task = Assert.Single(state.GetProperty("completed_frameworks")[0].GetProperty("completed_tasks").EnumerateArray());
        Assert.Equal("TASK_LOST", task.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AcknowledgedEnd_TaskWithLabelsAndDiscovery_WholeTaskObjectInEveryList()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = StartAgent(master, "127.0.12.4");
        var agentId = await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info());
        await using var subscription = stream;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        var accept = Accept(frameworkId, offer, "t-full", "true").Replace(
            ",\"command\":",
            ",\"labels\":{\"labels\":[{\"key\":\"app\",\"value\":\"web\"}]},\"discovery\":{\"visibility\":\"FRAMEWORK\",\"name\":\"web\"}"
            + ",\"container\":{\"type\":\"MESOS\"},\"command\":",
            StringComparison.Ordinal);

        Assert.Equal(202, (await stream.CallAsync(accept)).Status);
        var finished = await NextStatusAsync(stream, "TASK_FINISHED", frameworkId);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, finished))).Status);
        var state = await PollAsync(master, "state", s => s.GetProperty("frameworks")[0].GetProperty("completed_tasks").GetArrayLength() == 1);
        var frameworks = await GetAsync(master, "master/frameworks/");
        var listed = await GetAsync(master, "tasks?order=asc&limit=-1");
        var tasks = JsonDocument.Parse((await OperatorAsync(master, """{"type":"GET_TASKS"}""")).Body).RootElement.GetProperty("get_tasks");

        var framework = state.GetProperty("frameworks")[0];
        Assert.Empty(framework.GetProperty("tasks").EnumerateArray());
        Assert.Equal("*", framework.GetProperty("role").GetString());
        Assert.Equal("team", framework.GetProperty("labels")[0].GetProperty("key").GetString());
        foreach (var task in new[] { framework.GetProperty("completed_tasks")[0], frameworks.GetProperty("frameworks")[0].GetProperty("completed_tasks")[0], listed.GetProperty("tasks")[0] })
        {
            Assert.Equal(("t-full", "t-full", frameworkId, string.Empty, agentId, "TASK_FINISHED"), (
                task.GetProperty("id").GetString(),
                task.GetProperty("name").GetString(),
                task.GetProperty("framework_id").GetString(),
                task.GetProperty("executor_id").GetString(),
                task.GetProperty("slave_id").GetString(),
                task.GetProperty("state").GetString()));
            var resources = task.GetProperty("resources");
            Assert.Equal((0.1, 16.0, 0.0, 0.0), (resources.GetProperty("cpus").GetDouble(), resources.GetProperty("mem").GetDouble(), resources.GetProperty("gpus").GetDouble(), resources.GetProperty("disk").GetDouble()));
            Assert.Equal(("*", "root"), (task.GetProperty("role").GetString(), task.GetProperty("user").GetString()));
            var statuses = task.GetProperty("statuses").EnumerateArray().ToArray();
            Assert.Equal("TASK_FINISHED", statuses[^1].GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Number, statuses[^1].GetProperty("timestamp").ValueKind);
            Assert.Equal(("app", "web"), (task.GetProperty("labels")[0].GetProperty("key").GetString(), task.GetProperty("labels")[0].GetProperty("value").GetString()));
            Assert.Equal("FRAMEWORK", task.GetProperty("discovery").GetProperty("visibility").GetString());
            Assert.Equal("MESOS", task.GetProperty("container").GetProperty("type").GetString());
        }

        var v1 = Assert.Single(Array(tasks, "completed_tasks"));
        Assert.False(v1.TryGetProperty("executor_id", out _));
        Assert.Equal("web", v1.GetProperty("labels").GetProperty("labels")[0].GetProperty("value").GetString());
        Assert.Equal("*", v1.GetProperty("resources")[0].GetProperty("allocation_info").GetProperty("role").GetString());
        Assert.Empty(Array(tasks, "tasks"));
    }

    [Fact]
    public async Task MasterRestart_Frameworks_ShownRecoveredWithTheirTasksUntilTheyReturnOrTimeOut()
    {
        var port = FreePort().ToString(CultureInfo.InvariantCulture);
        var workDir = Path.Combine(_root.FullName, "master");
        string[] flags = ["--port", port, "--allocation-interval", "200ms"];
        var master = await MasterProcess.StartAsync(workDir, flags);
        await using var agent = StartAgent(master, "127.0.12.5");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info(name: "stays"));
        await LaunchRunningAsync(stream, frameworkId, "t-kept");
        var (brief, briefId) = await SubscribeAsync(master, Info(name: "brief", failoverTimeout: 2));

        await master.KillAsync();
        await stream.DisposeAsync();
        await brief.DisposeAsync();
        await master.DisposeAsync();
        await using var second = await MasterProcess.StartAsync(workDir, flags);
        var recovered = await PollAsync(second, "state", s => s.GetProperty("frameworks").EnumerateArray().Any(f => f.GetProperty("id").GetString() == frameworkId && f.GetProperty("tasks").GetArrayLength() == 1));
        var expired = await PollAsync(second, "state", s => s.GetProperty("completed_frameworks").EnumerateArray().Any(f => f.GetProperty("id").GetString() == briefId));
        var (again, sameId) = await SubscribeAsync(second, Info(name: "stays", id: frameworkId), frameworkId);
        await using var subscription = again;
        var active = await GetAsync(second, "state");

        var shown = recovered.GetProperty("frameworks").EnumerateArray().Single(f => f.GetProperty("id").GetString() == frameworkId);
        Assert.Equal((false, false, true), (shown.GetProperty("active").GetBoolean(), shown.GetProperty("connected").GetBoolean(), shown.GetProperty("recovered").GetBoolean()));
        Assert.Equal(("stays", "root", 3600.0), (shown.GetProperty("name").GetString(), shown.GetProperty("user").GetString(), shown.GetProperty("failover_timeout").GetDouble()));
        Assert.Equal("t-kept", shown.GetProperty("tasks")[0].GetProperty("id").GetString());
        Assert.DoesNotContain(expired.GetProperty("frameworks").EnumerateArray(), f => f.GetProperty("id").GetString() == briefId);
        Assert.Equal(frameworkId, sameId);
        var back = Assert.Single(active.GetProperty("frameworks").EnumerateArray());
        Assert.Equal((true, true, false), (back.GetProperty("active").GetBoolean(), back.GetProperty("connected").GetBoolean(), back.GetProperty("recovered").GetBoolean()));
        Assert.Equal(1, back.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task CliFrameworkTeardown_KnownThenUnknown_RemovesThenRefuses()
    {
        await using var master = await MasterProcess.StartAsync(null, "--heartbeat-interval", "1s");
        var (stream, frameworkId) = await SubscribeAsync(master, Info(name: "cli"));
        await using var subscription = stream;
        var url = master.Url.ToString();

        var torn = await DrydockRun.RunAsync(["--master", url, "framework", "teardown", frameworkId]);
        var events = await DrainAsync(stream);
        var again = await DrydockRun.RunAsync(["--master", url, "framework", "teardown", frameworkId]);
        var list = await DrydockRun.RunAsync(["--master", url, "framework", "list"]);

        Assert.True(torn.ExitCode == 0, torn.Stderr);
        Assert.Contains(frameworkId, torn.Stdout, StringComparison.Ordinal);
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "ERROR");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("No framework found with specified ID", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("completed", list.Stdout, StringComparison.Ordinal);
    }
}
