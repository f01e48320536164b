using System.Diagnostics;
using System.Globalization;
using Drydock.Agent.Checkpoint;
using Drydock.Agent.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drydock.Agent.Tests.Tasks;

/// <summary>Real task processes left under agent ids the agent no longer has, and a real bystander that reuses a pid.</summary>
public sealed class LeftoverTasksTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-leftover-");
    private readonly List<TaskSupervisor> _supervisors = [];
    private readonly List<Process> _bystanders = [];

    private AgentPaths Paths => new(_dir.FullName);

    public async ValueTask DisposeAsync()
    {
        foreach (var supervisor in _supervisors)
        {
            foreach (var (framework, task) in supervisor.Running)
            {
                await supervisor.KillAsync(framework, task, TimeSpan.Zero, CancellationToken.None);
            }

            await supervisor.DisposeAsync();
            supervisor.Dispose();
        }

        foreach (var process in _bystanders)
        {
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }

        _dir.Delete(recursive: true);
    }

    private async Task<(TaskRunPaths Run, int Pid)> LaunchAsync(string agentId, string taskId)
    {
        var supervisor = new TaskSupervisor(Paths, agentId, TimeProvider.System, NullLogger<TaskSupervisor>.Instance);
        _supervisors.Add(supervisor);
        var run = supervisor.Launch(new TaskLaunch { FrameworkId = "fw-1", TaskId = taskId, Name = taskId, Command = "sleep 300", KillGracePeriod = TimeSpan.FromSeconds(2) });
        var deadline = DateTime.UtcNow + Deadline;
        while (TaskProcessIdentity.Read(run) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the supervisor never recorded the task's pid and start");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        // The agent that launched it is gone; only the supervisor keeps watching.
        await supervisor.DisposeAsync();
        return (run, TaskProcessIdentity.Read(run)!.Pid);
    }

    private LeftoverTasks Leftovers() => new(Paths, TimeProvider.System, NullLogger<LeftoverTasks>.Instance);

    [Fact]
    public async Task KillAsync_TaskOfAnEarlierAgentId_KilledAndRecorded()
    {
        var (run, pid) = await LaunchAsync("m-S0", "old-task");
        var identity = TaskProcessIdentity.Read(run)!;

        var killed = await Leftovers().KillAsync(null, BootId.Current(), TestContext.Current.CancellationToken);

        Assert.Equal(1, killed);
        Assert.False(identity.IsAlive(BootId.Current()));
        Assert.True(File.Exists(run.Killed));
        Assert.Contains("new agent id", await File.ReadAllTextAsync(run.Reported, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.NotEqual(identity.StartTicks, TaskProcessIdentity.StartTicksOf(pid));
        Assert.Equal(0, await Leftovers().KillAsync(null, BootId.Current(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task KillAsync_TaskOfTheCurrentAgentId_LeftRunning()
    {
        var (run, _) = await LaunchAsync("m-S1", "kept-task");

        var killed = await Leftovers().KillAsync("m-S1", BootId.Current(), TestContext.Current.CancellationToken);

        Assert.Equal(0, killed);
        Assert.True(TaskProcessIdentity.Read(run)!.IsAlive(BootId.Current()));
    }

    [Fact]
    public async Task KillAsync_PidReusedByAnotherProcess_BystanderLeftAlone()
    {
        // A checkpoint names a pid that now belongs to an unrelated process (same pid, other start time).
        var bystander = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        _bystanders.Add(bystander);
        var run = TaskRunPaths.For(Paths, "m-S2", "fw-1", "gone-task", "c1");
        Directory.CreateDirectory(run.MetaDir);
        await File.WriteAllTextAsync(run.TaskInfo, """{"FrameworkId":"fw-1","TaskId":"gone-task","Name":"gone-task","Command":"sleep 300"}""", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(run.TaskPid, bystander.Id.ToString(CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
        var realStart = TaskProcessIdentity.StartTicksOf(bystander.Id)!.Value;
        await File.WriteAllTextAsync(run.TaskStart, $"{BootId.Current()} {(realStart - 1).ToString(CultureInfo.InvariantCulture)}", TestContext.Current.CancellationToken);

        var killed = await Leftovers().KillAsync(null, BootId.Current(), TestContext.Current.CancellationToken);

        Assert.Equal(0, killed);
        Assert.False(bystander.HasExited);
        Assert.Equal(realStart, TaskProcessIdentity.StartTicksOf(bystander.Id));
        Assert.True(File.Exists(run.Reported));
    }

    [Fact]
    public async Task KillAsync_StartRecordedInAnotherBoot_LeftAlone()
    {
        var bystander = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        _bystanders.Add(bystander);
        var run = TaskRunPaths.For(Paths, "m-S3", "fw-1", "rebooted-task", "c1");
        Directory.CreateDirectory(run.MetaDir);
        await File.WriteAllTextAsync(run.TaskInfo, "{}", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(run.TaskPid, bystander.Id.ToString(CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
        var start = TaskProcessIdentity.StartTicksOf(bystander.Id)!.Value.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(run.TaskStart, "another-boot " + start, TestContext.Current.CancellationToken);

        Assert.Equal(0, await Leftovers().KillAsync(null, BootId.Current(), TestContext.Current.CancellationToken));
        Assert.False(bystander.HasExited);
    }
}
