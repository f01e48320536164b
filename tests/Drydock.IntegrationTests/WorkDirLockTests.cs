using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>
/// One process per work dir: a second master, agent or dev cluster on a work dir in use stops at once, names the
/// holder and changes nothing; the lock is not held by the tasks that outlive an agent.
/// </summary>
public sealed class WorkDirLockTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-lock-");

    public void Dispose() => _root.Delete(recursive: true);

    private static string InUse(string dir, int pid) => $"work dir {Path.GetFullPath(dir)} is in use by pid {pid}";

    [Fact]
    public async Task Master_SecondOnTheSameWorkDir_ExitsAtOnceNamingTheHolder()
    {
        var workDir = Path.Combine(_root.FullName, "master");
        await using var first = await MasterProcess.StartAsync(workDir);

        var (exit, _, stderr) = await DrydockRun.RunAsync(["master", "--ip", "127.0.0.1", "--port", "0", "--work-dir", workDir], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.Contains(InUse(workDir, first.ProcessId), stderr, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = first.Url };
        Assert.Equal("{}", await http.GetStringAsync("maintenance/schedule", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Agent_SecondOnTheSameWorkDir_ExitsAtOnceAndTheFirstStaysAlone()
    {
        await using var master = await MasterProcess.StartAsync();
        var workDir = Path.Combine(_root.FullName, "agent");
        await using var first = AgentProcess.Start(master.Url, workDir, "127.0.9.1", "lock-1");
        var id = await first.WaitRegisteredAsync();

        var (exit, _, stderr) = await DrydockRun.RunAsync(
            ["agent", "--master", $"{master.Url.Host}:{master.Url.Port}", "--ip", "127.0.9.1", "--hostname", "lock-1", "--work-dir", workDir],
            timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.Contains(InUse(workDir, first.ProcessId), stderr, StringComparison.Ordinal);
        var agents = await StatePoller.WaitForAgentsAsync(master.Url, a => a.Length == 1);
        Assert.Equal(id, agents[0].GetProperty("id").GetString());
        Assert.False(first.HasExited);
    }

    [Fact]
    public async Task Agent_RestartedWhileItsTaskRuns_GetsTheLockAndReadoptsTheTask()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var workDir = Path.Combine(_root.FullName, "agent");
        string[] extra = ["--resources", "cpus:1;mem:256;disk:100;ports:[31000-31001]"];
        var agent = AgentProcess.Start(master.Url, workDir, "127.0.9.2", "lock-2", extra);
        var agentId = await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(
            master.Url, """{"user":"root","name":"lock-test","roles":["*"],"checkpoint":true,"failover_timeout":3600}""");
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "t-lock", "sleep 120"))).Status);
        var running = await NextStatusAsync(stream, "TASK_RUNNING", frameworkId);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, running))).Status);

        await agent.KillNineAsync();
        await agent.DisposeAsync();
        // The task's supervisor lives on; it must not hold the agent's lock.
        Assert.Equal(0, await FlockFreeAsync(Path.Combine(workDir, "drydock.lock")));
        await using var restarted = AgentProcess.Start(master.Url, workDir, "127.0.9.2", "lock-2", extra);
        var sameId = await restarted.WaitRegisteredAsync();

        Assert.Equal(agentId, sameId);
        Assert.Equal(restarted.ProcessId.ToString(CultureInfo.InvariantCulture), ReadLockPid(workDir));
        Assert.Contains("Recovered task t-lock: running", restarted.Output, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = master.Url };
        using var tasks = JsonDocument.Parse(await http.GetStringAsync("tasks", TestContext.Current.CancellationToken));
        Assert.Equal("TASK_RUNNING", tasks.RootElement.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "t-lock").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Dev_SecondOnTheSameFolder_ExitsAtOnceNamingTheHolder()
    {
        var folder = Path.Combine(_root.FullName, "dev");
        await using var first = DrydockProcess.Start("dev", "--port", "0", "--services-port", "0", "--agents", "1", "--work-dir", folder);
        await first.WaitForLineAsync(@"master (http://\S+),", TimeSpan.FromSeconds(60));

        var (exit, _, stderr) = await DrydockRun.RunAsync(["dev", "--port", "0", "--services-port", "0", "--agents", "1", "--work-dir", folder], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.Contains(InUse(folder, first.ProcessId), stderr, StringComparison.Ordinal);
        Assert.Equal(0, await first.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(30)));
    }

    /// <summary>Exit status of <c>flock -n FILE true</c>: 0 when nobody holds the lock.</summary>
    private static async Task<int> FlockFreeAsync(string file)
    {
        using var flock = Process.Start("flock", ["-n", file, "true"]);
        await flock.WaitForExitAsync(TestContext.Current.CancellationToken);
        return flock.ExitCode;
    }

    /// <summary>The pid in the lock file, read with cat: .NET's own file reads take a shared flock and would fail.</summary>
    private static string ReadLockPid(string workDir)
    {
        using var cat = Process.Start(new ProcessStartInfo("cat", [Path.Combine(workDir, "drydock.lock")]) { RedirectStandardOutput = true })!;
        var text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        return text.Trim();
    }
}
