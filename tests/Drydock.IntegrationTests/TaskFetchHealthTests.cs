using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>A task's URIs fetched by a real agent, and its Mesos health check run beside it, seen by the framework.</summary>
public sealed class TaskFetchHealthTests : IDisposable
{
    private const string Info = """{"user":"root","name":"fetch-health-test","roles":["*"],"checkpoint":true}""";
    private const string Resources = """[{"name":"cpus","type":"SCALAR","scalar":{"value":0.5}},{"name":"mem","type":"SCALAR","scalar":{"value":64}},{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31003,"end":31003}]}}]""";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-fetch-health-");
    private readonly ArtifactServer _artifacts = new();

    public void Dispose()
    {
        _artifacts.Dispose();
        _root.Delete(recursive: true);
    }

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
        var offer = (await NextEventAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        return new Session(master, agent, stream, frameworkId, offer);
    }

    private static async Task<JsonElement> NextEventAsync(SchedulerStream stream, string type)
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

    /// <summary>Every update until the one <paramref name="match"/> picks, each acknowledged as a framework must.</summary>
    private static async Task<List<JsonElement>> UpdatesUntilAsync(Session s, Func<JsonElement, bool> match)
    {
        var seen = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = (await NextEventAsync(s.Stream, "UPDATE")).GetProperty("update").GetProperty("status");
            seen.Add(status);
            if (status.TryGetProperty("uuid", out var uuid))
            {
                await s.Stream.CallAsync("{\"type\":\"ACKNOWLEDGE\",\"framework_id\":{\"value\":\"" + s.FrameworkId + "\"},\"acknowledge\":{\"agent_id\":" + status.GetProperty("agent_id").GetRawText()
                    + ",\"task_id\":" + status.GetProperty("task_id").GetRawText() + ",\"uuid\":\"" + uuid.GetString() + "\"}}");
            }

            if (match(status))
            {
                return seen;
            }
        }

        throw new TimeoutException("The update looked for did not come; saw " + string.Join(", ", seen.Select(u => u.GetRawText())));
    }

    private static string State(JsonElement status) => status.GetProperty("state").GetString()!;

    private static bool? Healthy(JsonElement status) => status.TryGetProperty("healthy", out var healthy) ? healthy.GetBoolean() : null;

    private static string Launch(Session s, string taskId, string command, string extra) =>
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"" + s.FrameworkId + "\"},\"accept\":{\"offer_ids\":[" + s.Offer.GetProperty("id").GetRawText()
        + "],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"" + taskId + "\",\"task_id\":{\"value\":\"" + taskId
        + "\"},\"agent_id\":" + s.Offer.GetProperty("agent_id").GetRawText() + ",\"resources\":" + Resources + extra.Replace("{CMD}", JsonSerializer.Serialize(command), StringComparison.Ordinal)
        + "}]}}],\"filters\":{\"refuse_seconds\":0}}}";

    private static byte[] TarGz(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)0x1ED });
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task Launch_TarGzUri_FetchedExtractedAndItsScriptRun()
    {
        _artifacts.Serve("/app.tar.gz", TarGz("app/run.sh", "#!/bin/sh\necho \"fetched and run\" > out.txt\n"));
        await using var s = await StartAsync("127.0.9.1");

        Assert.Equal(202, (await s.Stream.CallAsync(Launch(s, "f1", "./app/run.sh", ",\"command\":{\"value\":{CMD},\"shell\":true,\"uris\":[{\"value\":\"" + _artifacts.Url("/app.tar.gz") + "\"}]}"))).Status);
        var updates = await UpdatesUntilAsync(s, u => State(u) is "TASK_FINISHED" or "TASK_FAILED");

        Assert.Equal(["TASK_RUNNING", "TASK_FINISHED"], updates.Select(State));
        var outFile = Directory.EnumerateFiles(Path.Combine(_root.FullName, "agent", "slaves"), "out.txt", SearchOption.AllDirectories).Single(f => !f.Contains("/latest/", StringComparison.Ordinal));
        Assert.Equal("fetched and run\n", await File.ReadAllTextAsync(outFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Launch_UriNotFound_FailedAsContainerLaunchFailed()
    {
        await using var s = await StartAsync("127.0.9.2");
        var uri = _artifacts.Url("/missing.tgz");

        Assert.Equal(202, (await s.Stream.CallAsync(Launch(s, "f2", "true", ",\"command\":{\"value\":{CMD},\"uris\":[{\"value\":\"" + uri + "\"}]}"))).Status);
        var failed = Assert.Single(await UpdatesUntilAsync(s, _ => true));

        Assert.Equal(("TASK_FAILED", "SOURCE_SLAVE", "REASON_CONTAINER_LAUNCH_FAILED"), (State(failed), failed.GetProperty("source").GetString(), failed.GetProperty("reason").GetString()));
        Assert.StartsWith("Failed to launch container: Failed to fetch all URIs for container '", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($": Failed to fetch '{uri}': Error downloading resource, received HTTP return code 404", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_HttpHealthCheck_TurnsHealthyInUpdateAndState()
    {
        await using var s = await StartAsync("127.0.9.3");
        const string check = ",\"health_check\":{\"type\":\"HTTP\",\"http\":{\"port\":31003,\"path\":\"/\"},\"delay_seconds\":0,\"interval_seconds\":0.5,\"grace_period_seconds\":30,\"timeout_seconds\":2}";

        Assert.Equal(202, (await s.Stream.CallAsync(Launch(s, "h1", "exec /usr/bin/python3 -m http.server $PORT0 --bind 127.0.9.3", ",\"command\":{\"value\":{CMD},\"shell\":true}" + check))).Status);
        var updates = await UpdatesUntilAsync(s, u => Healthy(u) is not null || State(u) != "TASK_RUNNING");

        var healthy = updates[^1];
        Assert.Equal(("TASK_RUNNING", true, "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED"), (State(healthy), Healthy(healthy), healthy.GetProperty("reason").GetString()));
        using var http = new HttpClient { BaseAddress = s.Master.Url };
        using var state = JsonDocument.Parse(await http.GetStringAsync("state", TestContext.Current.CancellationToken));
        var statuses = state.RootElement.GetProperty("frameworks")[0].GetProperty("tasks")[0].GetProperty("statuses").EnumerateArray().ToArray();
        Assert.True(statuses[^1].GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Launch_FailingCommandHealthCheck_KilledUnhealthyAsMesos()
    {
        await using var s = await StartAsync("127.0.9.4");
        const string check = ",\"kill_policy\":{\"grace_period\":{\"nanoseconds\":1000000000}},\"health_check\":{\"type\":\"COMMAND\",\"command\":{\"value\":\"exit 1\"},\"delay_seconds\":0,\"interval_seconds\":0.2,\"grace_period_seconds\":0,\"consecutive_failures\":2}";

        Assert.Equal(202, (await s.Stream.CallAsync(Launch(s, "h2", "sleep 60", ",\"command\":{\"value\":{CMD},\"shell\":true}" + check))).Status);
        var updates = await UpdatesUntilAsync(s, u => State(u) != "TASK_RUNNING");

        Assert.Equal(
            [("TASK_RUNNING", (bool?)null, (string?)null), ("TASK_RUNNING", false, "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED"), ("TASK_RUNNING", false, "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED"), ("TASK_KILLED", false, null)],
            updates.Select(u => (State(u), Healthy(u), u.TryGetProperty("reason", out var r) ? r.GetString() : null)));
    }
}
