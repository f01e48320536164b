using System.Net;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>The endpoints monitoring tools poll: <c>/redirect</c>, <c>/roles</c>, <c>/metrics/snapshot</c>, <c>/metrics</c>, GET_METRICS, GET_FLAGS, GET_LOGGING_LEVEL.</summary>
public sealed class PollingEndpointTests : IDisposable
{
    private const string Resources = "cpus:2;mem:1024;disk:1000;ports:[31000-31009]";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-polling-");

    public void Dispose() => _root.Delete(recursive: true);

    private static async Task<JsonElement> GetJsonAsync(MasterProcess master, string path)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var reply = await http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("application/json", reply.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> CallAsync(MasterProcess master, string body)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var reply = await http.PostAsync("api/v1", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        using var document = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    /// <summary>The states of every task <c>/state</c> lists, active and completed.</summary>
    private static string[] TaskStates(JsonElement state) => state.GetProperty("frameworks").EnumerateArray()
        .SelectMany(f => f.GetProperty("tasks").EnumerateArray().Concat(f.GetProperty("completed_tasks").EnumerateArray()))
        .Select(t => t.GetProperty("state").GetString()!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public async Task Redirect_EveryPrefix_TemporaryRedirectToItselfProtocolRelative()
    {
        await using var master = await MasterProcess.StartAsync(null, "--hostname", "master-7.example");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = master.Url };

        foreach (var path in new[] { "redirect", "master/redirect", "mesos/redirect", "mesos/master/redirect" })
        {
            using var reply = await http.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.TemporaryRedirect, reply.StatusCode);
            Assert.Equal("//master-7.example:" + master.Url.Port, reply.Headers.Location?.OriginalString);
        }

        using var nested = await http.GetAsync("redirect/state", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, nested.StatusCode);
    }

    [Fact]
    public async Task Roles_FrameworkWithTaskAndWeights_RoleWithWeightFrameworksAndAllocation()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--weights", "web=2.5,batch=0.5");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.12.1", "agent-roles", ["--resources", Resources]);
        await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, """{"user":"root","name":"roles-test","roles":["web"],"capabilities":[{"type":"MULTI_ROLE"}]}""");
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "roles-task", "sleep 30"))).Status);
        await NextStatusAsync(stream, "TASK_RUNNING", frameworkId);

        var roles = (await GetJsonAsync(master, "roles")).GetProperty("roles").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        var alsoUnderMaster = await GetJsonAsync(master, "master/roles");

        Assert.Equal(["batch", "web"], roles.Keys.Order(StringComparer.Ordinal));
        var web = roles["web"];
        Assert.Equal(2.5, web.GetProperty("weight").GetDouble());
        Assert.Equal([frameworkId], web.GetProperty("frameworks").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(0.1, web.GetProperty("allocated").GetProperty("cpus").GetDouble(), 3);
        Assert.Equal(16, web.GetProperty("allocated").GetProperty("mem").GetDouble());
        Assert.True(web.GetProperty("resources").GetProperty("cpus").GetDouble() >= 0.1);
        Assert.Equal("web", web.GetProperty("quota").GetProperty("role").GetString());
        Assert.Equal(0.1, web.GetProperty("quota").GetProperty("consumed").GetProperty("cpus").GetDouble(), 3);
        Assert.Equal(0.5, roles["batch"].GetProperty("weight").GetDouble());
        Assert.Empty(roles["batch"].GetProperty("frameworks").EnumerateArray());
        Assert.Equal(0, roles["batch"].GetProperty("allocated").GetProperty("cpus").GetDouble());
        Assert.Equal(2, alsoUnderMaster.GetProperty("roles").GetArrayLength());
    }

    [Fact]
    public async Task MetricsSnapshot_TwoTasksOneKilled_CountsAgreeWithState()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.12.2", "agent-metrics", ["--resources", Resources]);
        await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, """{"user":"root","name":"metrics-test","roles":["*"],"checkpoint":true}""");
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];

        // Both tasks from one offer: the helper's ACCEPT with its task list repeated for a second task id.
        var accept = Accept(frameworkId, offer, "m1", "sleep 60");
        var tasks = accept[(accept.IndexOf("\"task_infos\":[", StringComparison.Ordinal) + "\"task_infos\":[".Length)..accept.IndexOf("]}}]", StringComparison.Ordinal)];
        accept = accept.Replace(tasks, tasks + "," + tasks.Replace("m1", "m2", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(202, (await stream.CallAsync(accept)).Status);
        var running = new HashSet<string>();
        while (running.Count < 2)
        {
            var status = await NextStatusAsync(stream, s => s.GetProperty("state").GetString() == "TASK_RUNNING", frameworkId);
            running.Add(TaskIdOf(status));
            Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, status))).Status);
        }

        Assert.Equal(202, (await stream.CallAsync("{\"type\":\"KILL\",\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"kill\":{\"task_id\":{\"value\":\"m1\"}}}")).Status);
        // Not acknowledged: the killed task stays in the master's books, so /state lists it among the completed tasks.
        await NextStatusAsync(stream, s => TaskIdOf(s) == "m1" && s.GetProperty("state").GetString() == "TASK_KILLED", frameworkId);

        // A quiet moment: /state the same before and after the snapshot.
        JsonElement before, snapshot, after;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            before = await GetJsonAsync(master, "state");
            snapshot = await GetJsonAsync(master, "metrics/snapshot");
            after = await GetJsonAsync(master, "state");
        }
        while (!TaskStates(before).SequenceEqual(TaskStates(after)) && DateTime.UtcNow < deadline);

        double Metric(string name) => snapshot.GetProperty(name).GetDouble();
        var states = TaskStates(after);
        Assert.Equal(["TASK_KILLED", "TASK_RUNNING"], states);
        foreach (var state in new[] { "TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_KILLED", "TASK_FINISHED", "TASK_FAILED", "TASK_LOST" })
        {
            Assert.Equal(states.Count(s => s == state), Metric("master/tasks_" + state["TASK_".Length..].ToLowerInvariant()));
        }

        var agentState = after.GetProperty("slaves")[0];
        Assert.Equal(1, Metric("master/elected"));
        Assert.Equal(after.GetProperty("activated_slaves").GetDouble(), Metric("master/slaves_active"));
        Assert.Equal(1, Metric("master/slaves_connected"));
        Assert.Equal(0, Metric("master/slaves_disconnected"));
        Assert.Equal(1, Metric("master/slave_registrations"));
        Assert.Equal(0, Metric("master/slave_removals"));
        Assert.Equal(1, Metric("master/frameworks_active"));
        Assert.Equal(agentState.GetProperty("resources").GetProperty("cpus").GetDouble(), Metric("master/cpus_total"));
        Assert.Equal(agentState.GetProperty("used_resources").GetProperty("cpus").GetDouble(), Metric("master/cpus_used"), 3);
        Assert.Equal(agentState.GetProperty("used_resources").GetProperty("mem").GetDouble(), Metric("master/mem_used"), 3);
        Assert.Equal(Metric("master/mem_used") / Metric("master/mem_total"), Metric("master/mem_percent"), 6);
        Assert.Equal(1, Metric("master/messages_kill_task"));
        Assert.Equal(1, Metric("master/messages_launch_tasks"));
        Assert.Equal(1, Metric("master/messages_register_framework"));
        Assert.Equal(1, Metric("master/messages_register_slave"));
        Assert.True(Metric("master/messages_status_update") >= 3);
        Assert.True(Metric("master/uptime_secs") > 0);
        Assert.True(Metric("allocator/mesos/allocation_runs") > 0);
        Assert.True(Metric("allocator/mesos/allocation_run_ms/count") > 0);
        Assert.True(Metric("registrar/state_store_ms/count") >= 1);
        Assert.Equal(0, Metric("drydock/loop_failures/allocation"));
        Assert.Equal("1.0", snapshot.GetProperty("master/elected").GetRawText());
    }

    [Fact]
    public async Task GetMetricsFlagsAndLoggingLevel_AgreeWithTheV0Endpoints()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "250ms", "--agent-removal-rate-limit", "1/20mins", "--weights", "web=2");

        // Once the first allocation cycle has run, its timer is listed and the names stay the same.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await GetJsonAsync(master, "metrics/snapshot")).TryGetProperty("allocator/mesos/allocation_run_ms", out _) && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        var metrics = (await CallAsync(master, """{"type":"GET_METRICS","get_metrics":{"timeout":{"nanoseconds":5000000000}}}""")).GetProperty("get_metrics").GetProperty("metrics");
        var snapshot = await GetJsonAsync(master, "metrics/snapshot?timeout=5secs");
        var flags = (await CallAsync(master, """{"type":"GET_FLAGS"}""")).GetProperty("get_flags").GetProperty("flags").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetString()!);
        var v0Flags = (await GetJsonAsync(master, "flags")).GetProperty("flags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var logging = await CallAsync(master, """{"type":"GET_LOGGING_LEVEL"}""");

        Assert.Equal(
            snapshot.EnumerateObject().Select(p => p.Name).Where(n => n != "master/uptime_secs").Order(StringComparer.Ordinal),
            metrics.EnumerateArray().Select(m => m.GetProperty("name").GetString()!).Where(n => n != "master/uptime_secs").Order(StringComparer.Ordinal));
        Assert.Equal(1, metrics.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "master/elected").GetProperty("value").GetDouble());
        Assert.Equal(v0Flags.OrderBy(f => f.Key), flags.OrderBy(f => f.Key));
        Assert.Equal("250ms", flags["allocation_interval"]);
        Assert.Equal("15secs", flags["heartbeat_interval"]);
        Assert.Equal("10mins", flags["agent_reregister_timeout"]);
        Assert.Equal("1/20mins", flags["agent_removal_rate_limit"]);
        Assert.Equal("web=2", flags["weights"]);
        Assert.Equal("""{"type":"GET_LOGGING_LEVEL","get_logging_level":{"level":0}}""", logging.GetRawText());
    }

    [Fact]
    public async Task Metrics_PrometheusTextAndBadTimeout_ServedAndRefused()
    {
        await using var master = await MasterProcess.StartAsync(null);
        using var http = new HttpClient { BaseAddress = master.Url };

        // Polled until the first allocation cycle shows (a counter is exported once it has counted).
        HttpResponseMessage prometheus;
        string text;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            prometheus = await http.GetAsync("metrics", TestContext.Current.CancellationToken);
            text = await prometheus.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (text.Contains("allocator_mesos_allocation_runs_total", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                break;
            }

            prometheus.Dispose();
        }

        using var scraped = prometheus;
        using var bad = await http.GetAsync("metrics/snapshot?timeout=soon", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, prometheus.StatusCode);
        Assert.Equal("text/plain", prometheus.Content.Headers.ContentType?.MediaType);
        Assert.Contains("service_name=\"drydock-master\"", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^master_elected\{[^}]*\} 1$", text);
        Assert.Matches(@"(?m)^drydock_loop_failures_total\{[^}]*loop=""allocation""[^}]*\} 0$", text);
        Assert.Matches(@"(?m)^allocator_mesos_allocation_runs_total\{[^}]*\} [1-9]", text);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Invalid timeout 'soon'", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
