using Drydock.Agent.Checkpoint;
using Drydock.Agent.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drydock.Agent.Tests.Tasks;

/// <summary>Real task processes under real supervisors, in a temporary work dir.</summary>
public sealed class TaskSupervisorTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-tasks-");
    private readonly List<TaskSupervisor> _supervisors = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var supervisor in _supervisors)
        {
            foreach (var (framework, task) in supervisor.Running)
            {
                await supervisor.KillAsync(framework, task, TimeSpan.Zero, CancellationToken.None);
            }

            await supervisor.DisposeAsync();
        }

        foreach (var supervisor in _supervisors)
        {
            supervisor.Dispose();
        }

        _dir.Delete(recursive: true);
    }

    private TaskSupervisor NewSupervisor()
    {
        var supervisor = new TaskSupervisor(new AgentPaths(_dir.FullName), "m-S0", TimeProvider.System, NullLogger<TaskSupervisor>.Instance);
        _supervisors.Add(supervisor);
        return supervisor;
    }

    private static TaskLaunch Shell(string taskId, string command) =>
        new() { FrameworkId = "fw-1", TaskId = taskId, Name = taskId, Command = command };

    private static async Task<TaskExit> NextExitAsync(TaskSupervisor supervisor)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await supervisor.Exits.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task Launch_ShellCommand_FinishesWithOutputAndEnvironment()
    {
        var supervisor = NewSupervisor();
        var launch = Shell("t1", "echo \"id=$MESOS_TASK_ID fw=$MESOS_FRAMEWORK_ID agent=$MESOS_AGENT_ID port=$PORT0\"; echo oops >&2") with
        {
            Environment = new Dictionary<string, string> { ["PORT0"] = "31000" },
        };

        var run = supervisor.Launch(launch);
        var exit = await NextExitAsync(supervisor);

        Assert.Equal(("t1", 0, "TASK_FINISHED"), (exit.TaskId, exit.Status, exit.State));
        Assert.Equal("id=t1 fw=fw-1 agent=m-S0 port=31000\n", await File.ReadAllTextAsync(Path.Combine(run.Sandbox, "stdout"), TestContext.Current.CancellationToken));
        Assert.Equal("oops\n", await File.ReadAllTextAsync(Path.Combine(run.Sandbox, "stderr"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Launch_FailingCommand_ReportsItsExitStatus()
    {
        var supervisor = NewSupervisor();
        supervisor.Launch(Shell("t2", "exit 3"));

        var exit = await NextExitAsync(supervisor);

        Assert.Equal((3, "TASK_FAILED", "Command exited with status 3"), (exit.Status, exit.State, exit.Message));
    }

    [Fact]
    public async Task Launch_Argv_RunsWithoutAShell()
    {
        var supervisor = NewSupervisor();
        var run = supervisor.Launch(new TaskLaunch
        {
            FrameworkId = "fw-1",
            TaskId = "t3",
            Name = "t3",
            Command = "/bin/echo",
            Shell = false,
            Arguments = ["echo", "a  b", "$HOME"],
        });

        await NextExitAsync(supervisor);

        Assert.Equal("a  b $HOME\n", await File.ReadAllTextAsync(Path.Combine(run.Sandbox, "stdout"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Kill_TaskHonoursTerm_KilledWithSigterm()
    {
        var supervisor = NewSupervisor();
        supervisor.Launch(Shell("t4", "sleep 60"));

        await supervisor.KillAsync("fw-1", "t4", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var exit = await NextExitAsync(supervisor);

        Assert.Equal((143, true, "TASK_KILLED"), (exit.Status, exit.KilledByRequest, exit.State));
    }

    [Fact]
    public async Task Kill_TaskIgnoresTerm_KilledAfterGrace()
    {
        var supervisor = NewSupervisor();
        var run = supervisor.Launch(Shell("t5", "trap '' TERM; echo ready; while true; do sleep 0.1; done"));
        await WaitForFileTextAsync(Path.Combine(run.Sandbox, "stdout"), "ready");

        await supervisor.KillAsync("fw-1", "t5", TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        var exit = await NextExitAsync(supervisor);

        Assert.Equal((137, "TASK_KILLED"), (exit.Status, exit.State));
    }

    [Fact]
    public async Task Recover_AfterAgentRestart_ReadoptsRunningTaskAndSeesItsLaterExit()
    {
        var before = NewSupervisor();
        var run = before.Launch(Shell("t6", "echo started; while [ ! -f release ]; do sleep 0.05; done; exit 4"));
        await WaitForFileTextAsync(Path.Combine(run.Sandbox, "stdout"), "started");
        await before.DisposeAsync();

        var after = NewSupervisor();
        var recovered = after.Recover();
        await File.WriteAllTextAsync(Path.Combine(run.Sandbox, "release"), "go", TestContext.Current.CancellationToken);
        var exit = await NextExitAsync(after);

        Assert.Equal("t6", Assert.Single(recovered).Launch.TaskId);
        Assert.Equal((4, "TASK_FAILED"), (exit.Status, exit.State));
    }

    [Fact]
    public async Task Recover_TaskEndedWhileAgentDown_ReportsRealStatus()
    {
        var before = NewSupervisor();
        var run = before.Launch(Shell("t7", "exit 5"));
        await before.DisposeAsync();
        await WaitForFileTextAsync(run.ExitStatus, "5");

        var after = NewSupervisor();
        after.Recover();
        var exit = await NextExitAsync(after);

        Assert.Equal(("t7", 5), (exit.TaskId, exit.Status));
    }

    [Fact]
    public async Task Recover_ReportedTask_IsNotRecoveredAgain()
    {
        var before = NewSupervisor();
        before.Launch(Shell("t8", "true"));
        await NextExitAsync(before);
        before.MarkReported("fw-1", "t8");
        await before.DisposeAsync();

        Assert.Empty(NewSupervisor().Recover());
    }

    [Fact]
    public async Task Launch_Supervisor_RunsInItsOwnSession()
    {
        var supervisor = NewSupervisor();
        var run = supervisor.Launch(Shell("t9", "echo started; sleep 60"));
        await WaitForFileTextAsync(Path.Combine(run.Sandbox, "stdout"), "started");

        var pid = int.Parse(await File.ReadAllTextAsync(run.SupervisorPid, TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);

        Assert.NotEqual(SessionOf(Environment.ProcessId), SessionOf(pid));
        Assert.Equal(pid, SessionOf(pid));
    }

    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForFileTextAsync(string path, string text)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!(File.Exists(path) && (await File.ReadAllTextAsync(path)).Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' never appeared in {path}");
            await Task.Delay(50);
        }
    }
}
