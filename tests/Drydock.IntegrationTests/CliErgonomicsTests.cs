using System.Net.Sockets;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>
/// The CLI as the README promises it: exit codes (2 usage, 1 refusal, 3 unreachable), agents named by id prefix or
/// hostname, <c>--master</c> only where it means something, <c>drydock events</c> for people, and warnings about
/// schedules that are probably mistakes.
/// </summary>
public sealed class CliErgonomicsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-cli-");

    public void Dispose() => _root.Delete(recursive: true);

    private static Task<(int ExitCode, string Stdout, string Stderr)> Drydock(MasterProcess master, params string[] args) =>
        DrydockRun.RunAsync(["--master", master.Url.ToString().TrimEnd('/'), .. args]);

    /// <summary>A master URL nobody listens on: a command that reached the network would exit 3, not 2.</summary>
    private static Dictionary<string, string> NoMaster()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Dictionary<string, string> { ["DRYDOCK_MASTER"] = $"http://127.0.0.1:{port}" };
    }

    [Theory]
    [InlineData("maintenance", "schedule", "add", "--machine", "--start", "+1m")]
    [InlineData("maintenance", "schedule", "add", "-m", "a=10.0.0.1", "--no-such-flag")]
    [InlineData("node", "lis")]
    [InlineData("node")]
    [InlineData("node", "show")]
    [InlineData("--master", "http://127.0.0.1:5050", "agent", "--work-dir", "/nonexistent")]
    [InlineData("--master", "http://127.0.0.1:5050", "dev")]
    public async Task Parse_UsageError_Exits2BeforeReachingTheMaster(params string[] args)
    {
        var result = await DrydockRun.RunAsync(args, environment: NoMaster());

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_MasterFlag_OnlyWhereItMeansSomething()
    {
        var agent = await DrydockRun.RunAsync(["agent", "--help"]);
        var dev = await DrydockRun.RunAsync(["dev", "--help"]);
        var master = await DrydockRun.RunAsync(["master", "--help"]);
        var nodeList = await DrydockRun.RunAsync(["node", "list", "--help"]);

        Assert.Single(agent.Stdout.Split('\n'), l => l.TrimStart().StartsWith("--master", StringComparison.Ordinal));
        Assert.Contains("HOST:PORT", agent.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("--master", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("--master", dev.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--master", master.Stdout, StringComparison.Ordinal);
        Assert.Contains("--master", nodeList.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleRemove_MachineNotScheduled_IsARefusal()
    {
        await using var master = await MasterProcess.StartAsync();

        var result = await Drydock(master, "maintenance", "schedule", "remove", "-m", "a=10.0.0.1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not in the schedule", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterFlag_AfterTheCommand_IsUsedToo()
    {
        await using var master = await MasterProcess.StartAsync();

        var result = await DrydockRun.RunAsync(["maintenance", "schedule", "get", "--json", "--master", master.Url.ToString()], environment: NoMaster());

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("{}", result.Stdout.Trim());
    }

    [Fact]
    public async Task Node_IdPrefixOrHostname_NamesOneAgentAmbiguityListsCandidates()
    {
        await using var master = await MasterProcess.StartAsync();
        await using var a = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "a"), "127.0.11.1", "sel-a");
        var idA = await a.WaitRegisteredAsync();

        var byPrefix = await Drydock(master, "node", "show", master.Id);
        await using var b = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "b"), "127.0.11.2", "sel-b");
        var idB = await b.WaitRegisteredAsync();
        var ambiguous = await Drydock(master, "node", "deactivate", master.Id);
        var byHostname = await Drydock(master, "node", "deactivate", "SEL-B");
        var nobody = await Drydock(master, "node", "show", "nobody");
        var agents = await StatePoller.WaitForAgentsAsync(master.Url, list => list.Length == 2);

        Assert.True(byPrefix.ExitCode == 0, byPrefix.Stderr);
        Assert.Contains(idA, byPrefix.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains($"{idA} (sel-a)", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{idB} (sel-b)", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.True(byHostname.ExitCode == 0, byHostname.Stderr);
        Assert.Contains($"Agent {idB}: deactivate done", byHostname.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, nobody.ExitCode);
        Assert.Equal([(idA, true), (idB, false)], agents.Select(x => (x.GetProperty("id").GetString(), x.GetProperty("active").GetBoolean())).Order());
    }

    [Fact]
    public async Task Schedule_UnknownMachineOrPastWindow_WarnsAndIsAccepted()
    {
        await using var master = await MasterProcess.StartAsync();
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "w"), "127.0.11.3", "warn-a");
        await agent.WaitRegisteredAsync();

        var known = await Drydock(master, "maintenance", "schedule", "add", "-m", "WARN-A=127.0.11.3", "--start", "+1h", "--duration", "1h");
        var unknown = await Drydock(master, "maintenance", "schedule", "add", "-m", "warn-a=127.0.11.4", "--start", "+1h");
        var past = await Drydock(master, "maintenance", "schedule", "add", "-m", "warn-a=127.0.11.3", "--start", "2020-01-01T00:00:00Z", "--duration", "1h");
        var json = await Drydock(master, "maintenance", "schedule", "get", "--json");

        Assert.Equal((0, string.Empty), (known.ExitCode, known.Stderr));
        Assert.Equal(0, unknown.ExitCode);
        Assert.Contains("""warning: no agent the master knows is on machine {"hostname":"warn-a","ip":"127.0.11.4"}""", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, past.ExitCode);
        Assert.Contains("ended before now", past.Stderr, StringComparison.Ordinal);
        Assert.Contains("127.0.11.4", json.Stdout, StringComparison.Ordinal);
        Assert.Contains("1577836800000000000", json.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_TaskFails_ShowsReasonOnceHidesHeartbeatsAndExits3WhenTheMasterGoes()
    {
        var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--heartbeat-interval", "200ms");
        try
        {
            var url = master.Url.ToString().TrimEnd('/');
            await using var events = DrydockProcess.Start("--master", url, "events");
            await using var verbose = DrydockProcess.Start("events", "--verbose", "--master", url);
            await events.WaitForLineAsync("SUBSCRIBED", TimeSpan.FromSeconds(30));
            await verbose.WaitForLineAsync("HEARTBEAT", TimeSpan.FromSeconds(30));
            await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "e"), "127.0.11.5", "events-a", ["--resources", "cpus:1;mem:256;disk:100;ports:[31000-31001]"]);
            await agent.WaitRegisteredAsync();
            await using var stream = await SchedulerStream.SubscribeAsync(master.Url, """{"user":"root","name":"events-test","roles":["*"],"checkpoint":true}""");
            var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
            var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
            Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "ev-fail", "exit 3"))).Status);
            var failed = await NextStatusAsync(stream, "TASK_FAILED", frameworkId);
            Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, failed))).Status);

            await events.WaitForLineAsync(@"TASK_UPDATED\s+ev-fail: TASK_FAILED REASON_COMMAND_EXECUTOR_FAILED", TimeSpan.FromSeconds(30));
            await master.KillAsync();
            var exit = await events.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(3, exit);
            Assert.Contains("stream closed", events.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("HEARTBEAT", events.Output, StringComparison.Ordinal);
            Assert.Single(events.Output.Split('\n'), l => l.Contains("ev-fail: TASK_FAILED", StringComparison.Ordinal));
        }
        finally
        {
            await master.DisposeAsync();
        }
    }
}
