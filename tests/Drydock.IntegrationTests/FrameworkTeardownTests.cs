using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>
/// A framework removed while its task runs on a real agent: the agent shuts the framework down (kills the task, drops
/// its updates), and the operator stream tells each change once.
/// </summary>
public sealed class FrameworkTeardownTests : IDisposable
{
    private const string Framework = """{"user":"root","name":"teardown-test","roles":["*"],"checkpoint":true,"failover_timeout":60}""";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-teardown-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Teardown_RunningTask_AgentShutsFrameworkDownAndOperatorStreamTellsEachUpdateOnce()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var agentDir = Path.Combine(_root.FullName, "agent");
        await using var agent = AgentProcess.Start(master.Url, agentDir, "127.0.11.10", "agent-teardown", ["--resources", "cpus:1;mem:256"]);
        var agentId = await agent.WaitRegisteredAsync();
        await using var events = await SchedulerStream.OpenAsync(master.Url, "api/v1", """{"type":"SUBSCRIBE"}""");
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Framework);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "torn", "sleep 300"))).Status);

        // TASK_RUNNING is not acknowledged: the agent sends it again, with the same uuid, and the framework hears it twice.
        var running = await NextStatusAsync(stream, "TASK_RUNNING");
        var uuid = running.GetProperty("uuid").GetString();
        var resent = await NextStatusAsync(stream, s => s.GetProperty("uuid").GetString() == uuid, within: TimeSpan.FromSeconds(20));

        Assert.Equal(202, (await stream.CallAsync(SchedulerStream.Teardown(frameworkId))).Status);
        var reported = await PollReportedAsync(Path.Combine(agentDir, "meta", "slaves", agentId, "frameworks", frameworkId, "executors", "torn", "runs"));

        // Longer than the agent's resend interval: no update of the removed framework comes again.
        var changes = await TaskUpdatesAsync(events, "torn", TimeSpan.FromSeconds(7));

        Assert.Equal("TASK_RUNNING", resent.GetProperty("state").GetString());
        Assert.True(reported, agent.Output);
        Assert.Contains($"Shutting down removed framework {frameworkId}: killing 1 tasks", agent.Output, StringComparison.Ordinal);
        Assert.Equal(["TASK_RUNNING", "TASK_KILLED"], changes.Select(c => c.GetProperty("state").GetString()));
        Assert.Equal(
            ("SOURCE_MASTER", "REASON_FRAMEWORK_REMOVED"),
            (changes[1].GetProperty("source").GetString(), changes[1].GetProperty("reason").GetString()));
        Assert.Equal(uuid, changes[0].GetProperty("uuid").GetString());
    }

    /// <summary>Waits until the task's run is marked reported (its end recorded and its updates dropped).</summary>
    private static async Task<bool> PollReportedAsync(string runs)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(runs) && Directory.EnumerateFiles(runs, "reported", SearchOption.AllDirectories).Any())
            {
                return true;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return false;
    }

    /// <summary>Every TASK_UPDATED status for the task on the operator stream, from its start until <paramref name="quiet"/> from now.</summary>
    private static async Task<List<JsonElement>> TaskUpdatesAsync(SchedulerStream events, string taskId, TimeSpan quiet)
    {
        var statuses = new List<JsonElement>();
        var until = DateTime.UtcNow + quiet;
        while (DateTime.UtcNow < until)
        {
            JsonElement? next;
            try
            {
                next = await events.NextAsync(until - DateTime.UtcNow);
            }
            catch (TimeoutException)
            {
                break;
            }

            if (next is { } e && e.GetProperty("type").GetString() == "TASK_UPDATED"
                && e.GetProperty("task_updated").GetProperty("status") is var status && TaskIdOf(status) == taskId)
            {
                statuses.Add(status);
            }
        }

        return statuses;
    }
}
