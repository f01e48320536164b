using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>The agent's own HTTP API on its --port: health, state, flags, the sandbox files and the v1 agent API.</summary>
public sealed class AgentHttpApiTests : IDisposable
{
    private const string Info = """{"user":"root","name":"files-test","roles":["*"],"checkpoint":true}""";
    private const string Writer = "echo out-1; echo out-2; echo out-3; echo err-1 >&2; echo err-2 >&2; ln -s /etc/passwd leak; ln -s .. up; mkdir sub; echo inner > sub/inner.txt; exec sleep 60";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-agent-http-");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _http.Dispose();
        _root.Delete(recursive: true);
    }

    private sealed record Cluster(MasterProcess Master, AgentProcess Agent, SchedulerStream Stream, string FrameworkId, string AgentId, Uri AgentUrl, string WorkDir) : IAsyncDisposable
    {
        public string Sandbox(string taskId) => $"/slaves/{AgentId}/frameworks/{FrameworkId}/executors/{taskId}/runs/latest";

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            await Agent.DisposeAsync();
            await Master.DisposeAsync();
        }
    }

    private async Task<Cluster> StartAsync(string ip, string hostname)
    {
        var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--heartbeat-interval", "1s");
        var workDir = Path.Combine(_root.FullName, hostname);
        var agent = AgentProcess.Start(master.Url, workDir, ip, hostname, ["--resources", "cpus:2;mem:1024;disk:1000", "--attributes", "rack:r9"]);
        var agentId = await agent.WaitRegisteredAsync();
        var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        return new Cluster(master, agent, stream, frameworkId, agentId, new Uri($"http://{ip}:{AgentProcess.PortFor(workDir, ip)}/"), workDir);
    }

    /// <summary>Launches tasks (id, shell command) on the next offer and waits until each runs.</summary>
    private static async Task LaunchAsync(Cluster c, params (string TaskId, string Command)[] tasks)
    {
        var offer = (await SchedulerCalls.NextAsync(c.Stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        var infos = tasks.Select(t => "{\"name\":\"" + t.TaskId + "\",\"task_id\":{\"value\":\"" + t.TaskId + "\"},\"agent_id\":" + offer.GetProperty("agent_id").GetRawText()
            + ",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.1}},{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":16}}]"
            + ",\"command\":{\"value\":" + JsonSerializer.Serialize(t.Command) + ",\"shell\":true}}");
        var accept = "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"" + c.FrameworkId + "\"},\"accept\":{\"offer_ids\":[" + offer.GetProperty("id").GetRawText()
            + "],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[" + string.Join(",", infos) + "]}}],\"filters\":{\"refuse_seconds\":0}}}";
        Assert.Equal(202, (await c.Stream.CallAsync(accept)).Status);
        var waiting = tasks.Select(t => t.TaskId).ToHashSet();
        while (waiting.Count > 0)
        {
            var running = await SchedulerCalls.NextStatusAsync(c.Stream, s => waiting.Contains(SchedulerCalls.TaskIdOf(s)) && s.GetProperty("state").GetString() == "TASK_RUNNING", c.FrameworkId);
            await c.Stream.CallAsync(SchedulerCalls.Acknowledge(c.FrameworkId, running));
            waiting.Remove(SchedulerCalls.TaskIdOf(running));
        }
    }

    private async Task<HttpReply> GetAsync(Uri agent, string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(agent, pathAndQuery), TestContext.Current.CancellationToken);
        return await HttpReply.FromAsync(response, TestContext.Current.CancellationToken);
    }

    private async Task<HttpReply> CallAsync(Uri agent, string body, string? contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(agent, "api/v1")) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        return await HttpReply.FromAsync(response, TestContext.Current.CancellationToken);
    }

    private static string Read(string path, long offset, long? length = null) =>
        "files/read?path=" + Uri.EscapeDataString(path) + "&offset=" + offset + (length is { } l ? "&length=" + l : string.Empty);

    /// <summary>Polls until the task's file holds <paramref name="expected"/> (the task writes it after it starts).</summary>
    private async Task WaitForFileAsync(Uri agent, string path, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var reply = await GetAsync(agent, Read(path, 0));
            if (reply.Status == 200 && JsonDocument.Parse(reply.Body).RootElement.GetProperty("data").GetString() == expected)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never held the expected text; last reply: {reply}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task FilesRead_TaskOutput_ReadsBrowsesAndDownloadsTheSandbox()
    {
        await using var c = await StartAsync("127.0.13.1", "agent-files");
        await LaunchAsync(c, ("writer", Writer));
        var sandbox = c.Sandbox("writer");
        await WaitForFileAsync(c.AgentUrl, sandbox + "/stdout", "out-1\nout-2\nout-3\n");
        await WaitForFileAsync(c.AgentUrl, sandbox + "/sub/inner.txt", "inner\n");

        var size = await GetAsync(c.AgentUrl, "files/read?path=" + Uri.EscapeDataString(sandbox + "/stdout") + "&offset=-1");
        Assert.Equal("application/json", size.ContentType);
        Assert.Equal("""{"data":"","offset":18}""", size.Body);
        var middle = JsonDocument.Parse((await GetAsync(c.AgentUrl, Read(sandbox + "/stdout", 6, 5))).Body).RootElement;
        Assert.Equal(("out-2", 6), (middle.GetProperty("data").GetString(), middle.GetProperty("offset").GetInt64()));
        var past = JsonDocument.Parse((await GetAsync(c.AgentUrl, Read(sandbox + "/stdout", 100))).Body).RootElement;
        Assert.Equal(("", 100), (past.GetProperty("data").GetString(), past.GetProperty("offset").GetInt64()));
        var stderr = JsonDocument.Parse((await GetAsync(c.AgentUrl, Read(sandbox + "/stderr", 0))).Body).RootElement;
        Assert.Equal("err-1\nerr-2\n", stderr.GetProperty("data").GetString());

        var browse = await GetAsync(c.AgentUrl, "files/browse?path=" + Uri.EscapeDataString(sandbox));
        Assert.Equal("application/json", browse.ContentType);
        var entries = JsonDocument.Parse(browse.Body).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["stderr", "stdout", "sub"], entries.Select(e => Path.GetFileName(e.GetProperty("path").GetString()!)));
        var stdout = entries.Single(e => e.GetProperty("path").GetString() == sandbox + "/stdout");
        Assert.Equal(18, stdout.GetProperty("size").GetInt64());
        Assert.Equal(1, stdout.GetProperty("nlink").GetInt32());
        Assert.StartsWith("-rw", stdout.GetProperty("mode").GetString(), StringComparison.Ordinal);
        Assert.True(stdout.GetProperty("mtime").GetDouble() > 1.7e9);
        Assert.False(string.IsNullOrEmpty(stdout.GetProperty("uid").GetString()));
        Assert.False(string.IsNullOrEmpty(stdout.GetProperty("gid").GetString()));
        Assert.StartsWith("d", entries.Single(e => e.GetProperty("path").GetString() == sandbox + "/sub").GetProperty("mode").GetString(), StringComparison.Ordinal);

        var download = await GetAsync(c.AgentUrl, "files/download?path=" + Uri.EscapeDataString(sandbox + "/stdout"));
        Assert.Equal(200, download.Status);
        Assert.Equal("application/octet-stream", download.ContentType);
        Assert.Equal("attachment; filename=stdout", download.Header("Content-Disposition"));
        Assert.Equal("out-1\nout-2\nout-3\n", download.Body);

        // The executor's directory in /state is the real sandbox, and it names the same files.
        var state = JsonDocument.Parse((await GetAsync(c.AgentUrl, "state")).Body).RootElement;
        var directory = state.GetProperty("frameworks")[0].GetProperty("executors")[0].GetProperty("directory").GetString()!;
        Assert.StartsWith(Path.Combine(c.WorkDir, "slaves", c.AgentId, "frameworks", c.FrameworkId, "executors", "writer", "runs") + "/", directory, StringComparison.Ordinal);
        Assert.Equal("out-1\nout-2\nout-3\n", await File.ReadAllTextAsync(Path.Combine(directory, "stdout"), TestContext.Current.CancellationToken));
        var real = JsonDocument.Parse((await GetAsync(c.AgentUrl, Read(directory + "/stdout", 0))).Body).RootElement;
        Assert.Equal("out-1\nout-2\nout-3\n", real.GetProperty("data").GetString());
        var inner = JsonDocument.Parse((await GetAsync(c.AgentUrl, Read(directory + "/up/" + Path.GetFileName(directory) + "/sub/inner.txt", 0))).Body).RootElement;
        Assert.Equal("inner\n", inner.GetProperty("data").GetString());

        // The v1 agent API: READ_FILE gives the bytes (base64) and the size; LIST_FILES the listing.
        var readFile = await CallAsync(c.AgentUrl, "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"" + sandbox + "/stdout\",\"offset\":6,\"length\":11}}");
        Assert.Equal("application/json", readFile.ContentType);
        var readBody = JsonDocument.Parse(readFile.Body).RootElement;
        Assert.Equal("READ_FILE", readBody.GetProperty("type").GetString());
        Assert.Equal(18, readBody.GetProperty("read_file").GetProperty("size").GetInt64());
        Assert.Equal("out-2\nout-3", Encoding.UTF8.GetString(readBody.GetProperty("read_file").GetProperty("data").GetBytesFromBase64()));
        var listFiles = JsonDocument.Parse((await CallAsync(c.AgentUrl, "{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"" + sandbox + "\"}}")).Body).RootElement;
        var infos = listFiles.GetProperty("list_files").GetProperty("file_infos").EnumerateArray().ToArray();
        var info = infos.Single(i => i.GetProperty("path").GetString() == sandbox + "/stdout");
        Assert.Equal(18, info.GetProperty("size").GetInt64());
        Assert.True(info.GetProperty("mtime").GetProperty("nanoseconds").GetInt64() > 1_700_000_000_000_000_000);
        Assert.Equal(0x8000, info.GetProperty("mode").GetInt32() & 0xF000);
    }

    [Fact]
    public async Task Files_PathsOutsideASandboxOrBadNumbers_AreRefusedWithoutARead()
    {
        await using var c = await StartAsync("127.0.13.2", "agent-escape");
        await LaunchAsync(c, ("writer", Writer));
        var sandbox = c.Sandbox("writer");
        await WaitForFileAsync(c.AgentUrl, sandbox + "/sub/inner.txt", "inner\n");

        string[] outside =
        [
            sandbox + "/leak",
            sandbox + "/up",
            sandbox + "/up/../../../../../../../etc/passwd",
            sandbox + "/../latest/stdout",
            sandbox + "/sub/../stdout",
            "/etc/passwd",
            "/slaves/" + c.AgentId,
            "/slaves/" + c.AgentId + "/frameworks/" + c.FrameworkId + "/executors/writer/runs",
            Path.Combine(c.WorkDir, "meta", "slaves", "latest", "slave.info"),
            Path.Combine(c.WorkDir, "meta", "boot_id"),
            "relative/stdout",
            sandbox + "/missing",
        ];
        foreach (var path in outside)
        {
            foreach (var endpoint in new[] { "files/read?offset=0&path=", "files/browse?path=", "files/download?path=" })
            {
                var reply = await GetAsync(c.AgentUrl, endpoint + Uri.EscapeDataString(path));
                Assert.True(reply.Status == 404, $"{endpoint}{path}: {reply}");
                Assert.DoesNotContain("root:", reply.Body, StringComparison.Ordinal);
            }

            var v1 = await CallAsync(c.AgentUrl, "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":" + JsonSerializer.Serialize(path) + ",\"offset\":0}}");
            Assert.True(v1.Status == 404, $"READ_FILE {path}: {v1}");
        }

        Replies.AssertBadRequest(await GetAsync(c.AgentUrl, "files/read?offset=abc&path=" + Uri.EscapeDataString(sandbox + "/stdout")), "Failed to parse offset: Failed to convert 'abc' to number.\n");
        Replies.AssertBadRequest(await GetAsync(c.AgentUrl, "files/read?offset=-5&path=" + Uri.EscapeDataString(sandbox + "/stdout")), "Negative offset provided: -5.\n");
        Replies.AssertBadRequest(await GetAsync(c.AgentUrl, "files/read?offset=0&length=1.5&path=" + Uri.EscapeDataString(sandbox + "/stdout")), "Failed to parse length: Failed to convert '1.5' to number.\n");
        Replies.AssertBadRequest(await GetAsync(c.AgentUrl, "files/read?offset=0&length=-2&path=" + Uri.EscapeDataString(sandbox + "/stdout")), "Negative length provided: -2.\n");
        Replies.AssertBadRequest(await GetAsync(c.AgentUrl, "files/read?offset=0&path=" + Uri.EscapeDataString(sandbox + "/sub")), "Cannot read a directory.\n");
        Replies.AssertBadRequest(await GetAsync(c.AgentUrl, "files/download?path=" + Uri.EscapeDataString(sandbox + "/sub")), "Cannot download a directory.\n");
        Replies.AssertBadRequest(await GetAsync(c.AgentUrl, "files/read?offset=0"), "Expecting 'path=value' in query.\n");
        Replies.AssertBadRequest(await GetAsync(c.AgentUrl, "files/browse"), "Expecting 'path=value' in query.\n");
        Replies.AssertBadRequest(
            await CallAsync(c.AgentUrl, "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"" + sandbox + "/stdout\",\"offset\":-1}}"),
            "Failed to validate agent::Call: Expecting 'read_file.offset' to be non-negative");
        Replies.AssertBadRequest(
            await CallAsync(c.AgentUrl, "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"" + sandbox + "/stdout\"}}"),
            "Failed to convert JSON into Call protobuf: Missing required fields: read_file.offset");

        // The agent still serves after all of it.
        Assert.Equal(200, (await GetAsync(c.AgentUrl, "health")).Status);
    }

    [Fact]
    public async Task State_RunningThenEndedTask_HasMesosAgentShape()
    {
        await using var c = await StartAsync("127.0.13.3", "agent-state");
        await LaunchAsync(c, ("sleeper", "exec sleep 60"));
        var pid = $"slave(1)@127.0.13.3:{c.AgentUrl.Port}";

        var health = await GetAsync(c.AgentUrl, "health");
        Assert.Equal((200, ""), (health.Status, health.Body));
        foreach (var path in new[] { "state", "state.json", "slave(1)/state" })
        {
            var reply = await GetAsync(c.AgentUrl, path);
            Assert.Equal("application/json", reply.ContentType);
            var state = JsonDocument.Parse(reply.Body).RootElement;
            Assert.Equal(c.AgentId, state.GetProperty("id").GetString());
            Assert.Equal(pid, state.GetProperty("pid").GetString());
            Assert.Equal("agent-state", state.GetProperty("hostname").GetString());
            Assert.Equal("1.12.0", state.GetProperty("version").GetString());
            Assert.Equal(c.Master.Url.Host, state.GetProperty("master_hostname").GetString());
            Assert.Equal(2, state.GetProperty("resources").GetProperty("cpus").GetDouble());
            Assert.Equal(1024, state.GetProperty("resources").GetProperty("mem").GetDouble());
            Assert.Equal("r9", state.GetProperty("attributes").GetProperty("rack").GetString());
            Assert.Equal(c.AgentUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), state.GetProperty("flags").GetProperty("port").GetString());
            var framework = Assert.Single(state.GetProperty("frameworks").EnumerateArray());
            Assert.Equal((c.FrameworkId, "files-test", "root"), (framework.GetProperty("id").GetString(), framework.GetProperty("name").GetString(), framework.GetProperty("user").GetString()));
            var executor = Assert.Single(framework.GetProperty("executors").EnumerateArray());
            Assert.Equal("sleeper", executor.GetProperty("id").GetString());
            var task = Assert.Single(executor.GetProperty("tasks").EnumerateArray());
            Assert.Equal(("sleeper", "TASK_RUNNING", c.AgentId, c.FrameworkId), (task.GetProperty("id").GetString(), task.GetProperty("state").GetString(), task.GetProperty("slave_id").GetString(), task.GetProperty("framework_id").GetString()));
            Assert.Equal(0.1, task.GetProperty("resources").GetProperty("cpus").GetDouble());
            Assert.Empty(framework.GetProperty("completed_executors").EnumerateArray());
            Assert.Empty(state.GetProperty("completed_frameworks").EnumerateArray());
        }

        // The master lists the same address for the agent.
        var listed = Assert.Single(await StatePoller.AgentsAsync(c.Master.Url));
        Assert.Equal(pid, listed.GetProperty("pid").GetString());

        var flags = JsonDocument.Parse((await GetAsync(c.AgentUrl, "flags")).Body).RootElement.GetProperty("flags");
        Assert.Equal("127.0.13.3", flags.GetProperty("ip").GetString());
        Assert.Equal(c.WorkDir, flags.GetProperty("work_dir").GetString());
        Assert.Equal("cpus:2;mem:1024;disk:1000", flags.GetProperty("resources").GetString());

        // v1: GET_HEALTH, GET_FLAGS and GET_STATE; the Content-Type, Accept and call-shape rules of the master's /api/v1.
        Assert.Equal("""{"type":"GET_HEALTH","get_health":{"healthy":true}}""", (await CallAsync(c.AgentUrl, """{"type":"GET_HEALTH"}""")).Body);
        var v1Flags = JsonDocument.Parse((await CallAsync(c.AgentUrl, """{"type":"GET_FLAGS"}""")).Body).RootElement.GetProperty("get_flags").GetProperty("flags");
        Assert.Contains(v1Flags.EnumerateArray(), f => f.GetProperty("name").GetString() == "hostname" && f.GetProperty("value").GetString() == "agent-state");
        var v1State = JsonDocument.Parse((await CallAsync(c.AgentUrl, "{\"type\":\"GET_STATE\"}\n", "application/json; charset=utf-8", "application/json")).Body).RootElement.GetProperty("get_state");
        var launched = Assert.Single(v1State.GetProperty("get_tasks").GetProperty("launched_tasks").EnumerateArray());
        Assert.Equal(("sleeper", "TASK_RUNNING"), (launched.GetProperty("task_id").GetProperty("value").GetString(), launched.GetProperty("state").GetString()));
        Assert.Equal("sleeper", v1State.GetProperty("get_executors").GetProperty("executors")[0].GetProperty("executor_info").GetProperty("executor_id").GetProperty("value").GetString());
        Assert.Equal(c.FrameworkId, v1State.GetProperty("get_frameworks").GetProperty("frameworks")[0].GetProperty("framework_info").GetProperty("id").GetProperty("value").GetString());
        Replies.AssertBadRequest(await CallAsync(c.AgentUrl, """{"type":"GET_HEALTH"}""", contentType: null), "Expecting 'Content-Type' to be present");
        Replies.AssertError(await CallAsync(c.AgentUrl, """{"type":"GET_HEALTH"}""", "text/plain"), 415, "Expecting 'Content-Type' of application/json");
        Replies.AssertError(await CallAsync(c.AgentUrl, """{"type":"GET_HEALTH"}""", accept: "application/x-protobuf"), 406, "Expecting 'Accept' to allow 'application/json'");
        Replies.AssertBadRequest(await CallAsync(c.AgentUrl, """{"type":"NO_SUCH_CALL"}"""), "Failed to validate agent::Call: Expecting 'type' to be present");
        Replies.AssertBadRequest(await CallAsync(c.AgentUrl, """{"type":"LIST_FILES"}"""), "Failed to validate agent::Call: Expecting 'list_files' to be present");
        Assert.StartsWith("Failed to parse body into JSON: ", (await CallAsync(c.AgentUrl, "{\"type\":")).Body, StringComparison.Ordinal);
        Assert.Equal(501, (await CallAsync(c.AgentUrl, """{"type":"GET_CONTAINERS"}""")).Status);
        Assert.Equal(405, (await GetAsync(c.AgentUrl, "api/v1")).Status);
        Assert.Equal(404, (await GetAsync(c.AgentUrl, "no/such/endpoint")).Status);

        // Killed and acknowledged: the executor, its task and the framework move to the completed lists.
        var agentId = "{\"value\":\"" + c.AgentId + "\"}";
        await c.Stream.CallAsync("{\"type\":\"KILL\",\"framework_id\":{\"value\":\"" + c.FrameworkId + "\"},\"kill\":{\"task_id\":{\"value\":\"sleeper\"},\"agent_id\":" + agentId + "}}");
        var killed = await SchedulerCalls.NextStatusAsync(c.Stream, "TASK_KILLED", c.FrameworkId);
        await c.Stream.CallAsync(SchedulerCalls.Acknowledge(c.FrameworkId, killed));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement ended;
        while (true)
        {
            ended = JsonDocument.Parse((await GetAsync(c.AgentUrl, "state")).Body).RootElement;
            if (ended.GetProperty("completed_frameworks").GetArrayLength() == 1)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, ended.GetRawText());
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Empty(ended.GetProperty("frameworks").EnumerateArray());
        var completed = Assert.Single(ended.GetProperty("completed_frameworks")[0].GetProperty("completed_executors").EnumerateArray());
        var completedTask = Assert.Single(completed.GetProperty("completed_tasks").EnumerateArray());
        Assert.Equal(("sleeper", "TASK_KILLED"), (completedTask.GetProperty("id").GetString(), completedTask.GetProperty("state").GetString()));
        Assert.Equal(["TASK_RUNNING", "TASK_KILLED"], completedTask.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task TaskLog_LinesAndStderr_PrintsTheTasksOutput()
    {
        await using var c = await StartAsync("127.0.13.4", "agent-log");
        await LaunchAsync(c, ("writer", Writer), ("waiter", "echo first; while [ ! -f go ]; do sleep 0.1; done; echo second; exec sleep 60"));
        await WaitForFileAsync(c.AgentUrl, c.Sandbox("writer") + "/stderr", "err-1\nerr-2\n");
        var master = c.Master.Url.ToString();

        var all = await DrydockRun.RunAsync(["--master", master, "task", "log", "writer"]);
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Equal("out-1\nout-2\nout-3\n", all.Stdout);
        var last = await DrydockRun.RunAsync(["--master", master, "task", "log", "writer", "--lines", "2"]);
        Assert.True(last.ExitCode == 0, last.Stderr);
        Assert.Equal("out-2\nout-3\n", last.Stdout);
        var errors = await DrydockRun.RunAsync(["--master", master, "task", "log", "writer", "--stderr", "--lines", "1"]);
        Assert.True(errors.ExitCode == 0, errors.Stderr);
        Assert.Equal("err-2\n", errors.Stdout);

        var unknown = await DrydockRun.RunAsync(["--master", master, "task", "log", "no-such-task"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("the master knows no task no-such-task", unknown.Stderr, StringComparison.Ordinal);

        // --follow prints what the task writes later, until Ctrl-C (130, as for any command ended by SIGINT).
        await using (var follow = DrydockProcess.Start("--master", master, "task", "log", "waiter", "--follow"))
        {
            await follow.WaitForLineAsync("^first$", TimeSpan.FromSeconds(30));
            var state = JsonDocument.Parse((await GetAsync(c.AgentUrl, "state")).Body).RootElement;
            var directory = state.GetProperty("frameworks")[0].GetProperty("executors").EnumerateArray()
                .Single(e => e.GetProperty("id").GetString() == "waiter").GetProperty("directory").GetString()!;
            await File.WriteAllTextAsync(Path.Combine(directory, "go"), "go", TestContext.Current.CancellationToken);
            await follow.WaitForLineAsync("^second$", TimeSpan.FromSeconds(30));
            Assert.Equal(130, await follow.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(30)));
        }

        // The agent is gone while the master still lists it: it cannot be reached.
        await c.Agent.KillNineAsync();
        var away = await DrydockRun.RunAsync(["--master", master, "task", "log", "writer"]);
        Assert.Equal(3, away.ExitCode);
        Assert.Contains("cannot reach the agent at http://127.0.13.4:", away.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortTakenOrShared_RefusesOnlyTheTakenAddress()
    {
        await using var master = await MasterProcess.StartAsync();
        var port = SchedulerCalls.FreePort();
        var text = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Two agents on different loopback addresses share one port number.
        await using var first = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "p1"), "127.0.13.6", "agent-p1", ["--port", text]);
        await using var second = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "p2"), "127.0.13.7", "agent-p2", ["--port", text]);
        await first.WaitRegisteredAsync();
        await second.WaitRegisteredAsync();
        Assert.Equal(200, (await GetAsync(new Uri($"http://127.0.13.6:{port}/"), "health")).Status);
        Assert.Equal(200, (await GetAsync(new Uri($"http://127.0.13.7:{port}/"), "health")).Status);

        // A third on an address whose port is taken stops at once, saying why, and leaves no identity behind.
        using var holder = new TcpListener(IPAddress.Parse("127.0.13.8"), 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var workDir = Path.Combine(_root.FullName, "p3");
        await using var third = AgentProcess.Start(master.Url, workDir, "127.0.13.8", "agent-p3", ["--port", taken]);
        Assert.Equal(1, await third.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"Failed to bind on 127.0.13.8:{taken}", third.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workDir, "meta", "slaves", "latest")));
    }
}
