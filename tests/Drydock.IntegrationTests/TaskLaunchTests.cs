using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>Tasks launched through the scheduler API on real agents, followed to their end.</summary>
public sealed class TaskLaunchTests : IDisposable
{
    private const string Info = """{"user":"root","name":"task-test","roles":["*"],"checkpoint":true}""";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-launch-");

    public void Dispose() => _root.Delete(recursive: true);

    private sealed record Session(MasterProcess Master, AgentProcess Agent, SchedulerStream Stream, string FrameworkId, JsonElement Offer) : IAsyncDisposable
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
        var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), ip, "agent-1", ["--resources", "cpus:2;mem:1024;disk:1000;ports:[31000-31009]"]);
        await agent.WaitRegisteredAsync();
        var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        return new Session(master, agent, stream, frameworkId, offer);
    }

    private static async Task<JsonElement> NextAsync(SchedulerStream stream, string type)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var next = await stream.NextAsync(deadline - DateTime.UtcNow) ?? throw new InvalidOperationException("stream ended");
            if (next.GetProperty("type").GetString() == type)
            {
                return next;
            }
        }

        throw new TimeoutException($"No {type} in time");
    }

    private static async Task<JsonElement> NextStatusAsync(SchedulerStream stream) =>
        (await NextAsync(stream, "UPDATE")).GetProperty("update").GetProperty("status");

    /// <summary>
    /// The next update in <paramref name="state"/>. Updates are at least once, so a resent one may come first; it is
    /// acknowledged as a framework must, or the agent would hold back the updates behind it.
    /// </summary>
    private static async Task<JsonElement> NextStatusAsync(Session s, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = await NextStatusAsync(s.Stream);
            if (status.GetProperty("state").GetString() == state)
            {
                return status;
            }

            if (status.TryGetProperty("uuid", out _))
            {
                await s.Stream.CallAsync(Acknowledge(s, status));
            }
        }

        throw new TimeoutException($"No {state} in time");
    }

    private static string Accept(Session s, string taskId, string command, string resources = """[{"name":"cpus","type":"SCALAR","scalar":{"value":0.5}},{"name":"mem","type":"SCALAR","scalar":{"value":64}},{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31002,"end":31002}]}}]""") =>
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"" + s.FrameworkId + "\"},\"accept\":{\"offer_ids\":[" + s.Offer.GetProperty("id").GetRawText()
        + "],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"" + taskId + "\",\"task_id\":{\"value\":\"" + taskId
        + "\"},\"agent_id\":" + s.Offer.GetProperty("agent_id").GetRawText() + ",\"resources\":" + resources
        + ",\"command\":{\"value\":" + JsonSerializer.Serialize(command) + ",\"shell\":true}}]}}],\"filters\":{\"refuse_seconds\":0}}}";

    private static string Acknowledge(Session s, JsonElement status) =>
        "{\"type\":\"ACKNOWLEDGE\",\"framework_id\":{\"value\":\"" + s.FrameworkId + "\"},\"acknowledge\":{\"agent_id\":" + status.GetProperty("agent_id").GetRawText()
        + ",\"task_id\":" + status.GetProperty("task_id").GetRawText() + ",\"uuid\":\"" + status.GetProperty("uuid").GetString() + "\"}}";

    private static string Kill(Session s, string taskId) =>
        "{\"type\":\"KILL\",\"framework_id\":{\"value\":\"" + s.FrameworkId + "\"},\"kill\":{\"task_id\":{\"value\":\"" + taskId + "\"},\"agent_id\":"
        + s.Offer.GetProperty("agent_id").GetRawText() + "}}";

    [Fact]
    public async Task Accept_ShellTask_RunsThenFinishesWithAcknowledgedUpdates()
    {
        await using var s = await StartAsync("127.0.7.1");

        Assert.Equal(202, (await s.Stream.CallAsync(Accept(s, "t1", "echo \"port=$PORT0\" > out.txt; sleep 0.5"))).Status);
        var running = await NextStatusAsync(s.Stream);
        Assert.Equal(("t1", "TASK_RUNNING", "SOURCE_EXECUTOR"), (running.GetProperty("task_id").GetProperty("value").GetString(), running.GetProperty("state").GetString(), running.GetProperty("source").GetString()));
        Assert.Equal(202, (await s.Stream.CallAsync(Acknowledge(s, running))).Status);
        var finished = await NextStatusAsync(s.Stream);
        Assert.Equal("TASK_FINISHED", finished.GetProperty("state").GetString());
        Assert.Equal(202, (await s.Stream.CallAsync(Acknowledge(s, finished))).Status);
        var outFile = Directory.EnumerateFiles(Path.Combine(_root.FullName, "agent", "slaves"), "out.txt", SearchOption.AllDirectories).Single(f => !f.Contains("/latest/", StringComparison.Ordinal));
        Assert.Equal("port=31002\n", await File.ReadAllTextAsync(outFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Kill_RunningTask_ReportsKilled()
    {
        await using var s = await StartAsync("127.0.7.2");
        await s.Stream.CallAsync(Accept(s, "t2", "sleep 60"));
        var running = await NextStatusAsync(s.Stream);
        await s.Stream.CallAsync(Acknowledge(s, running));
        using (var http = new HttpClient { BaseAddress = s.Master.Url })
        using (var state = JsonDocument.Parse(await http.GetStringAsync("state", TestContext.Current.CancellationToken)))
        {
            var task = Assert.Single(state.RootElement.GetProperty("frameworks")[0].GetProperty("tasks").EnumerateArray());
            Assert.Equal(("t2", "TASK_RUNNING"), (task.GetProperty("id").GetString(), task.GetProperty("state").GetString()));
            Assert.Equal(0.5, state.RootElement.GetProperty("slaves")[0].GetProperty("used_resources").GetProperty("cpus").GetDouble());
        }

        using (var http = new HttpClient { BaseAddress = s.Master.Url })
        using (var listed = JsonDocument.Parse(await http.GetStringAsync("tasks?order=asc&limit=-1", TestContext.Current.CancellationToken)))
        {
            Assert.Equal("t2", Assert.Single(listed.RootElement.GetProperty("tasks").EnumerateArray()).GetProperty("id").GetString());
            using var bad = await http.GetAsync("master/tasks?limit=many", TestContext.Current.CancellationToken);
            Assert.Equal(400, (int)bad.StatusCode);
        }

        Assert.Equal(202, (await s.Stream.CallAsync(Kill(s, "t2"))).Status);
        var killed = await NextStatusAsync(s.Stream);

        Assert.Equal("TASK_KILLED", killed.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Accept_UnknownOffer_TaskLostFromMasterWithoutUuid()
    {
        await using var s = await StartAsync("127.0.7.3");
        var bogus = s with { Offer = JsonDocument.Parse("{\"id\":{\"value\":\"no-such-offer\"},\"agent_id\":" + s.Offer.GetProperty("agent_id").GetRawText() + "}").RootElement.Clone() };

        await s.Stream.CallAsync(Accept(bogus, "t3", "true"));
        var lost = await NextStatusAsync(s.Stream);

        Assert.Equal(("TASK_LOST", "SOURCE_MASTER", "REASON_INVALID_OFFERS"), (lost.GetProperty("state").GetString(), lost.GetProperty("source").GetString(), lost.GetProperty("reason").GetString()));
        Assert.False(lost.TryGetProperty("uuid", out _));
    }

    [Fact]
    public async Task AgentKillNine_RunningTask_ReadoptedAndItsLaterEndReported()
    {
        await using var s = await StartAsync("127.0.7.4");
        await s.Stream.CallAsync(Accept(s, "t4", "for i in $(seq 600); do [ -f release ] && exit 7; sleep 0.1; done; exit 1"));
        var running = await NextStatusAsync(s.Stream);
        await s.Stream.CallAsync(Acknowledge(s, running));

        await s.Agent.KillNineAsync();
        await using var restarted = AgentProcess.Start(s.Master.Url, Path.Combine(_root.FullName, "agent"), "127.0.7.4", "agent-1", ["--resources", "cpus:2;mem:1024;disk:1000;ports:[31000-31009]"]);
        await restarted.WaitRegisteredAsync();
        var sandbox = Directory.EnumerateDirectories(Path.Combine(_root.FullName, "agent", "slaves"), "runs", SearchOption.AllDirectories).SelectMany(Directory.EnumerateDirectories).Single(d => Path.GetFileName(d) != "latest");
        await File.WriteAllTextAsync(Path.Combine(sandbox, "release"), "go", TestContext.Current.CancellationToken);

        var failed = await NextStatusAsync(s, "TASK_FAILED");
        Assert.Equal(("t4", "TASK_FAILED", "Command exited with status 7"), (failed.GetProperty("task_id").GetProperty("value").GetString(), failed.GetProperty("state").GetString(), failed.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task MachineDown_RunningTask_LostFromMasterWithFailureAndAgentShutDown()
    {
        await using var s = await StartAsync("127.0.7.5");
        await s.Stream.CallAsync(Accept(s, "t5", "sleep 60"));
        await s.Stream.CallAsync(Acknowledge(s, await NextStatusAsync(s.Stream)));
        using var http = new HttpClient { BaseAddress = s.Master.Url };
        const string machine = "{\"hostname\":\"agent-1\",\"ip\":\"127.0.7.5\"}";
        using (await http.PostAsync("maintenance/schedule", new StringContent("{\"windows\":[{\"machine_ids\":[" + machine + "],\"unavailability\":{\"start\":{\"nanoseconds\":1}}}]}"), TestContext.Current.CancellationToken))
        using (var down = await http.PostAsync("machine/down", new StringContent("[" + machine + "]"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(200, (int)down.StatusCode);
        }

        var lost = await NextStatusAsync(s.Stream);
        var failure = await NextAsync(s.Stream, "FAILURE");

        Assert.Equal(("t5", "TASK_LOST", "SOURCE_MASTER", "REASON_AGENT_REMOVED"), (lost.GetProperty("task_id").GetProperty("value").GetString(), lost.GetProperty("state").GetString(), lost.GetProperty("source").GetString(), lost.GetProperty("reason").GetString()));
        Assert.Equal("Agent agent-1 removed: Operator initiated 'Machine DOWN'", lost.GetProperty("message").GetString());
        Assert.Equal(s.Offer.GetProperty("agent_id").GetProperty("value").GetString(), failure.GetProperty("failure").GetProperty("agent_id").GetProperty("value").GetString());
        Assert.Equal(0, await s.Agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Sigusr1_RunningTask_LostAgentUnregisteredAndExitsWithinTenSeconds()
    {
        await using var s = await StartAsync("127.0.7.6");
        await s.Stream.CallAsync(Accept(s, "t6", "sleep 60"));
        await s.Stream.CallAsync(Acknowledge(s, await NextStatusAsync(s.Stream)));

        Assert.Equal(0, await s.Agent.SignalAndWaitAsync("USR1", TimeSpan.FromSeconds(10)));
        var lost = await NextStatusAsync(s.Stream);

        Assert.Equal(("TASK_LOST", "Agent agent-1 removed: the agent unregistered"), (lost.GetProperty("state").GetString(), lost.GetProperty("message").GetString()));
        // meta/slaves/latest links to the agent's own folder; look through the folder itself.
        var exitStatus = Assert.Single(Directory.EnumerateFiles(Path.Combine(_root.FullName, "agent", "meta"), "exit_status", SearchOption.AllDirectories), p => !p.Contains("/latest/", StringComparison.Ordinal));
        Assert.Equal("143", (await File.ReadAllTextAsync(exitStatus, TestContext.Current.CancellationToken)).Trim());
    }
}
