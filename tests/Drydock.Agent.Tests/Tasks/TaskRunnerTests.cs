using System.Collections.Concurrent;
using System.Text;
using Drydock.Agent.Checkpoint;
using Drydock.Agent.Tasks;
using Drydock.AgentProtocol.V1;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drydock.Agent.Tests.Tasks;

/// <summary>Status updates across an agent restart, with real task processes in a temporary work dir.</summary>
public sealed class TaskRunnerTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-runner-");
    private readonly List<TaskRunner> _runners = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.KillAllAsync(TimeSpan.Zero);
            await runner.DisposeAsync();
        }

        // A supervisor may still be renaming its last file; try again briefly.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _dir.Delete(recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task<(TaskRunner Runner, ConcurrentQueue<TaskStatusMessage> Sent)> StartRunnerAsync()
    {
        var runner = new TaskRunner(new AgentPaths(_dir.FullName), "m-S0", "agent-1", TimeProvider.System, NullLoggerFactory.Instance);
        _runners.Add(runner);
        var sent = new ConcurrentQueue<TaskStatusMessage>();
        runner.Send = message =>
        {
            sent.Enqueue(TaskStatusJson.Parse(Encoding.UTF8.GetBytes(message.StatusUpdate.StatusJson)).Value!);
            return Task.CompletedTask;
        };
        await runner.StartAsync();
        return (runner, sent);
    }

    private static RunTask Run(string taskId, string command) => new()
    {
        FrameworkId = "fw-1",
        TaskInfoJson = $$$"""{"name":"{{{taskId}}}","task_id":{"value":"{{{taskId}}}"},"agent_id":{"value":"m-S0"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}}],"command":{"value":"{{{command}}}","shell":true}}""",
    };

    private async Task<string> SandboxWithStdoutAsync()
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var found = Directory.EnumerateDirectories(Path.Combine(_dir.FullName, "slaves"), "*", SearchOption.AllDirectories)
                .SingleOrDefault(d => File.Exists(Path.Combine(d, "stdout")) && Path.GetFileName(d) != "latest");
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "the task's sandbox never got its stdout");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<TaskStatusMessage> NextAsync(ConcurrentQueue<TaskStatusMessage> sent, Func<TaskStatusMessage, bool> match)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var found = sent.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "no matching status update was sent");
            await Task.Delay(20);
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0L, false)]
    public async Task KillAsync_GracePeriod_KillsOwnElseTasksKillPolicy(long? killGraceNanoseconds, bool trapFinished)
    {
        // The task takes 4 s to end after SIGTERM: only a grace period longer than that (its kill policy's 10 s, not the
        // 3 s default) lets it finish; the kill's own 0 s overrides the policy.
        var (runner, sent) = await StartRunnerAsync();
        var run = Run("k1", "trap 'sleep 4; echo done > termed; exit 0' TERM; while true; do sleep 0.1; done");
        run.TaskInfoJson = run.TaskInfoJson[..^1] + ""","kill_policy":{"grace_period":{"nanoseconds":10000000000}}}""";
        await runner.LaunchAsync(run);
        await runner.AcknowledgeAsync(Ack(await NextAsync(sent, s => s.State == "TASK_RUNNING")));
        var sandbox = await SandboxWithStdoutAsync();

        var kill = new KillTask { FrameworkId = "fw-1", TaskId = "k1" };
        if (killGraceNanoseconds is { } grace)
        {
            kill.GracePeriodNanoseconds = grace;
        }

        await runner.KillAsync(kill);
        await NextAsync(sent, s => s.State == "TASK_KILLED");

        Assert.Equal(trapFinished, File.Exists(Path.Combine(sandbox, "termed")));
    }

    private static StatusUpdateAcknowledgement Ack(TaskStatusMessage status) => new() { FrameworkId = "fw-1", TaskId = status.TaskId, Uuid = status.Uuid! };

    [Fact]
    public async Task Restart_UnacknowledgedRunning_IsResentWithTheSameUuid()
    {
        var (before, sentBefore) = await StartRunnerAsync();
        await before.LaunchAsync(Run("t1", "sleep 60"));
        var running = await NextAsync(sentBefore, s => s.State == "TASK_RUNNING");
        await before.DisposeAsync();
        _runners.Remove(before);

        var (after, sentAfter) = await StartRunnerAsync();
        await after.ResendAsync();
        var resent = await NextAsync(sentAfter, s => s.TaskId == "t1");

        Assert.Equal(("TASK_RUNNING", running.Uuid), (resent.State, resent.Uuid));
        var reported = Assert.Single(after.Report());
        Assert.Equal(("fw-1", "TASK_RUNNING"), (reported.FrameworkId, reported.State));
        Assert.Contains("\"cpus\"", reported.TaskInfoJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_TerminalUpdateNotAcknowledged_IsResentOnceAndNotReportedTwice()
    {
        var (before, sentBefore) = await StartRunnerAsync();
        await before.LaunchAsync(Run("t2", "exit 3"));
        var running = await NextAsync(sentBefore, s => s.State == "TASK_RUNNING");
        await before.AcknowledgeAsync(Ack(running));
        var failed = await NextAsync(sentBefore, s => s.State == "TASK_FAILED");
        await before.DisposeAsync();
        _runners.Remove(before);

        var (after, sentAfter) = await StartRunnerAsync();
        await after.ResendAsync();
        var resent = await NextAsync(sentAfter, s => s.TaskId == "t2");
        await after.AcknowledgeAsync(Ack(resent));

        Assert.Equal(("TASK_FAILED", failed.Uuid), (resent.State, resent.Uuid));
        Assert.Single(sentAfter);
        Assert.Empty(after.Report());
        var (third, _) = await StartRunnerAsync();
        Assert.Empty(third.Report());
    }

    [Fact]
    public async Task Restart_AcknowledgedRunning_IsNotResentAndLaterExitIsReported()
    {
        var (before, sentBefore) = await StartRunnerAsync();
        await before.LaunchAsync(Run("t3", "while [ ! -f release ]; do sleep 0.05; done; exit 0"));
        var running = await NextAsync(sentBefore, s => s.State == "TASK_RUNNING");
        await before.AcknowledgeAsync(Ack(running));
        await before.DisposeAsync();
        _runners.Remove(before);

        var (after, sentAfter) = await StartRunnerAsync();
        await after.ResendAsync();
        // TASK_RUNNING is sent once the supervisor is started; the task's stdout appears when the supervisor starts it.
        var sandbox = await SandboxWithStdoutAsync();
        await File.WriteAllTextAsync(Path.Combine(sandbox, "release"), "go", TestContext.Current.CancellationToken);
        var finished = await NextAsync(sentAfter, s => s.TaskId == "t3");

        Assert.Equal("TASK_FINISHED", finished.State);
        Assert.Equal("TASK_FINISHED", Assert.Single(after.Report()).State);
    }

    [Fact]
    public async Task BeginLaunch_TaskInfoNotJson_ReportsTaskErrorAndKeepsRunning()
    {
        var (runner, sent) = await StartRunnerAsync();

        runner.BeginLaunch(new RunTask { FrameworkId = "fw-1", TaskInfoJson = "{broken" });
        var error = await NextAsync(sent, s => s.State == "TASK_ERROR");
        await runner.LaunchAsync(Run("t4", "true"));
        var running = await NextAsync(sent, s => s.TaskId == "t4");
        await runner.AcknowledgeAsync(Ack(running));
        await NextAsync(sent, s => s.TaskId == "t4" && s.State == "TASK_FINISHED");

        Assert.Equal("REASON_TASK_INVALID", error.Reason);
        Assert.Equal("TASK_RUNNING", running.State);
    }

    [Fact]
    public async Task BeginDrain_RunningTasks_KilledWithDrainingReasonAndNewLaunchesRefused()
    {
        var (runner, sent) = await StartRunnerAsync();
        // t5 ignores SIGTERM and asks for a minute's grace: only the drain's cap of 0 gets it killed within the deadline.
        var stubborn = Run("t5", "trap '' TERM; sleep 120");
        stubborn.TaskInfoJson = stubborn.TaskInfoJson.Replace("\"command\":", "\"kill_policy\":{\"grace_period\":{\"nanoseconds\":60000000000}},\"command\":", StringComparison.Ordinal);
        stubborn.PartitionAware = true;
        await runner.LaunchAsync(stubborn);
        await runner.LaunchAsync(Run("t6", "sleep 120"));
        await runner.AcknowledgeAsync(Ack(await NextAsync(sent, s => s.TaskId == "t5")));
        await runner.AcknowledgeAsync(Ack(await NextAsync(sent, s => s.TaskId == "t6")));

        runner.BeginDrain(new DrainAgent { MaxGracePeriodNanoseconds = 0, MarkGone = true });
        var gone = await NextAsync(sent, s => s.TaskId == "t5" && s.State != "TASK_RUNNING");
        var killed = await NextAsync(sent, s => s.TaskId == "t6" && s.State != "TASK_RUNNING");
        var aware = Run("t7", "sleep 120");
        aware.PartitionAware = true;
        runner.BeginLaunch(aware);
        runner.BeginLaunch(Run("t8", "sleep 120"));
        var dropped = await NextAsync(sent, s => s.TaskId == "t7");
        var lost = await NextAsync(sent, s => s.TaskId == "t8");

        Assert.Equal(("TASK_GONE_BY_OPERATOR", "REASON_AGENT_DRAINING"), (gone.State, gone.Reason));
        Assert.Equal(("TASK_KILLED", "REASON_AGENT_DRAINING"), (killed.State, killed.Reason));
        Assert.Equal(("TASK_DROPPED", "REASON_AGENT_DRAINING"), (dropped.State, dropped.Reason));
        Assert.Equal(("TASK_LOST", "REASON_AGENT_DRAINING"), (lost.State, lost.Reason));
        Assert.DoesNotContain(runner.Report(), t => t.TaskInfoJson.Contains("t7", StringComparison.Ordinal) || t.TaskInfoJson.Contains("t8", StringComparison.Ordinal));

        // Once every end is acknowledged the drain is over on the agent: after a reactivation it launches again.
        foreach (var ended in new[] { gone, killed, dropped, lost })
        {
            await runner.AcknowledgeAsync(Ack(ended));
        }

        runner.BeginLaunch(Run("t9", "sleep 120"));
        var relaunched = await NextAsync(sent, s => s.TaskId == "t9");
        Assert.Equal("TASK_RUNNING", relaunched.State);
    }

    [Fact]
    public async Task BeginShutdownFramework_RunningAndEndedTasks_KilledAndTheirUpdatesDropped()
    {
        var (runner, sent) = await StartRunnerAsync();
        await runner.LaunchAsync(Run("t10", "sleep 120"));
        await runner.AcknowledgeAsync(Ack(await NextAsync(sent, s => s.TaskId == "t10")));
        await runner.LaunchAsync(Run("t11", "exit 0"));
        await runner.AcknowledgeAsync(Ack(await NextAsync(sent, s => s.TaskId == "t11")));
        await NextAsync(sent, s => s.TaskId == "t11" && s.State == "TASK_FINISHED");

        runner.BeginShutdownFramework("fw-1");
        var deadline = DateTime.UtcNow + Deadline;
        while (runner.Report().Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the framework's tasks never left the books");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var before = sent.Count;
        await runner.ResendAsync();
        runner.BeginLaunch(Run("t12", "sleep 120"));
        var (restarted, _) = await StartRunnerAsync();

        Assert.Equal(before, sent.Count);
        Assert.DoesNotContain(sent, s => s.TaskId == "t10" && s.State != "TASK_RUNNING");
        Assert.Empty(runner.Report());
        Assert.Empty(restarted.Report());
        var t10 = Directory.EnumerateDirectories(Path.Combine(_dir.FullName, "meta", "slaves", "m-S0", "frameworks", "fw-1", "executors", "t10", "runs")).Single();
        Assert.True(File.Exists(Path.Combine(t10, "exit_status")));
        Assert.Contains("TASK_KILLED", await File.ReadAllTextAsync(Path.Combine(t10, "task.updates"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "meta", "slaves", "m-S0", "frameworks", "fw-1", "executors", "t12")));
    }

    [Fact]
    public async Task EndDrain_UpdatesStillUnacknowledged_LaunchesAcceptedAgain()
    {
        var (runner, sent) = await StartRunnerAsync();
        await runner.LaunchAsync(Run("t13", "sleep 120"));
        await runner.AcknowledgeAsync(Ack(await NextAsync(sent, s => s.TaskId == "t13")));
        runner.BeginDrain(new DrainAgent { MaxGracePeriodNanoseconds = 0 });
        await NextAsync(sent, s => s.TaskId == "t13" && s.State == "TASK_KILLED");

        // Nothing acknowledged yet: the agent alone would stay draining. The master ends the drain.
        runner.EndDrain();
        runner.BeginLaunch(Run("t14", "sleep 120"));
        var launched = await NextAsync(sent, s => s.TaskId == "t14");

        Assert.Equal("TASK_RUNNING", launched.State);
    }
}
