using System.Diagnostics;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary><c>drydock dev</c>: the one command a new user starts with.</summary>
public sealed class DevClusterTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-dev-");
    private readonly string _agentPort = SchedulerCalls.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Dev_TwoAgents_RegisterOnDistinctMachinesStopOnCtrlCAndKeepIdentities()
    {
        string[] ids;
        await using (var dev = DrydockProcess.Start("dev", "--port", "0", "--services-port", "0", "--agents", "2", "--agent-port", _agentPort, "--work-dir", _root.FullName))
        {
            var url = new Uri((await dev.WaitForLineAsync(@"master (http://\S+),", TimeSpan.FromSeconds(60))).Groups[1].Value + "/");
            var agents = await StatePoller.WaitForAgentsAsync(url, a => a.Length == 2);

            Assert.Equal(["127.0.0.2", "127.0.0.3"], agents.Select(a => a.GetProperty("pid").GetString()!.Split('@', ':')[1]).Order());
            Assert.Equal(["agent-1", "agent-2"], agents.Select(a => a.GetProperty("hostname").GetString()).Order());
            ids = agents.Select(a => a.GetProperty("id").GetString()!).Order().ToArray();
            Assert.Equal(0, await dev.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(30)));
        }

        await using var again = DrydockProcess.Start("dev", "--port", "0", "--services-port", "0", "--agents", "2", "--agent-port", _agentPort, "--work-dir", _root.FullName);
        var url2 = new Uri((await again.WaitForLineAsync(@"master (http://\S+),", TimeSpan.FromSeconds(60))).Groups[1].Value + "/");
        var back = await StatePoller.WaitForAgentsAsync(url2, a => a.Length == 2);

        Assert.Equal(ids, back.Select(a => a.GetProperty("id").GetString()!).Order());
    }

    private const string Framework = """{"user":"root","name":"dev-test","roles":["*"],"checkpoint":true,"failover_timeout":3600}""";

    private static async Task<Uri> WaitReadyAsync(DrydockProcess dev) =>
        new((await dev.WaitForLineAsync(@"^Ready: master (http://\S+),", TimeSpan.FromSeconds(60))).Groups[1].Value + "/");

    /// <summary>Launches a long task on the dev cluster and returns its process as the agent recorded it.</summary>
    private async Task<(int Pid, string Start)> LaunchAsync(Uri url, string taskId)
    {
        await using var stream = await SchedulerStream.SubscribeAsync(url, Framework);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, taskId, "sleep 300"))).Status);
        var running = await NextStatusAsync(stream, "TASK_RUNNING", frameworkId);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, running))).Status);
        var (_, pid, start) = await TaskProcesses.WaitForAsync(_root.FullName, taskId);
        return (pid, start);
    }

    private static async Task<System.Text.Json.JsonElement> RunningTasksAsync(Uri url)
    {
        using var http = new HttpClient { BaseAddress = url };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("tasks", TestContext.Current.CancellationToken));
            if (document.RootElement.GetProperty("tasks").EnumerateArray().Any(t => t.GetProperty("state").GetString() == "TASK_RUNNING"))
            {
                return document.RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, "no task came back running: " + document.RootElement.GetRawText());
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Dev_Banner_NamesTheServiceSchedulerWhichAnswersMarathonInfo()
    {
        await using var dev = DrydockProcess.Start("dev", "--port", "0", "--services-port", "0", "--agents", "1", "--work-dir", _root.FullName);
        var ready = await dev.WaitForLineAsync(@"^Ready: master (http://\S+), 1 agent\(s\) registered, service scheduler \(Marathon /v2 API\) (http://\S+), also at", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(ready.Groups[2].Value + "/") };

        using var info = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("v2/info", TestContext.Current.CancellationToken));

        Assert.Equal("marathon", info.RootElement.GetProperty("name").GetString());
        Assert.Equal(ready.Groups[1].Value.Replace("http://", "", StringComparison.Ordinal), info.RootElement.GetProperty("marathon_config").GetProperty("master").GetString());
        Assert.True(Directory.Exists(Path.Combine(_root.FullName, "services")));
        Assert.Equal(0, await dev.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Dev_CtrlC_KillsTheClustersTasksAndPrintedCommandsWork()
    {
        await using var dev = DrydockProcess.Start("dev", "--port", "0", "--services-port", "0", "--agents", "1", "--work-dir", _root.FullName);
        await dev.WaitForLineAsync("^Starting the master", TimeSpan.FromSeconds(60));
        await dev.WaitForLineAsync(@"^Agent agent-1 \(127\.0\.0\.2\) registered as \S+ \(1/1\)", TimeSpan.FromSeconds(60));
        var url = await WaitReadyAsync(dev);

        // A command exactly as printed, through a shell.
        var printed = (await dev.WaitForLineAsync(@"^  (.+ maintenance status)$", TimeSpan.FromSeconds(5))).Groups[1].Value;
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", printed]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var shellOutput = await shell.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken) + await shell.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await shell.WaitForExitAsync(TestContext.Current.CancellationToken);
        var (pid, start) = await LaunchAsync(url, "dev-task");
        var aliveBefore = TaskProcesses.IsAlive(pid, start);

        var exit = await dev.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(60));

        Assert.True(shell.ExitCode == 0, printed + "\n" + shellOutput);
        Assert.True(aliveBefore);
        Assert.Equal(0, exit);
        Assert.False(TaskProcesses.IsAlive(pid, start), dev.Output);
        Assert.Contains("no task is left running", dev.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_KeepTasks_TaskOutlivesCtrlCAndIsReadoptedByTheNextRun()
    {
        int pid;
        string start;
        await using (var dev = DrydockProcess.Start("dev", "--port", "0", "--services-port", "0", "--agents", "1", "--work-dir", _root.FullName, "--keep-tasks"))
        {
            (pid, start) = await LaunchAsync(await WaitReadyAsync(dev), "kept-task");
            Assert.Equal(0, await dev.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(60)));
        }

        var aliveBetween = TaskProcesses.IsAlive(pid, start);
        await using var again = DrydockProcess.Start("dev", "--port", "0", "--services-port", "0", "--agents", "1", "--work-dir", _root.FullName);
        var url = await WaitReadyAsync(again);
        await again.WaitForLineAsync("Recovered task kept-task: running", TimeSpan.FromSeconds(30));
        var tasks = await RunningTasksAsync(url);
        Assert.Equal(0, await again.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(60)));

        Assert.True(aliveBetween);
        Assert.Equal("kept-task", tasks.GetProperty("tasks")[0].GetProperty("id").GetString());
        Assert.False(TaskProcesses.IsAlive(pid, start));
    }
}
