using Drydock.Master.Frameworks;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Tests.Frameworks;

public sealed class TaskBookTests
{
    private static readonly TaskInfoMessage Task = new() { TaskId = "t1", Name = "t1", AgentId = "m-S0", Resources = [] };

    private static readonly Drydock.Protocol.Resources.Resource Cpus = new("cpus", Drydock.Protocol.Resources.Value.OfScalar(0.5));

    // Each agent update has a uuid of its own; a resend carries the same one.
    private static TaskStatusMessage Status(string state, double at) =>
        new("t1", state, "SOURCE_EXECUTOR", "m-S0", at, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"u-{state}-{at}"), null, null);

    [Fact]
    public void Update_ResentWithTheSameUuid_RecordedAndAnnouncedOnce()
    {
        var book = new TaskBook();
        book.Launched("fw", Task, 1);
        var changes = new List<string>();
        book.Changed += (task, _, _) => changes.Add(task.State);
        var killed = Status("TASK_KILLED", 2);

        book.Update("fw", killed);
        book.Update("fw", killed with { Timestamp = 7 });
        book.Update("fw", killed with { Timestamp = 12 });

        Assert.Equal(["TASK_KILLED"], changes);
        Assert.Equal(["TASK_STAGING", "TASK_KILLED"], book.Find("fw", "t1")!.Statuses.Select(s => s.State));
    }

    [Fact]
    public void Update_LateRunningAfterFinished_KeepsTheTaskEnded()
    {
        var book = new TaskBook();
        book.Launched("fw", Task, 1);
        book.Update("fw", Status("TASK_RUNNING", 2));
        book.Update("fw", Status("TASK_FINISHED", 3));

        var after = book.Update("fw", Status("TASK_RUNNING", 4));

        Assert.Equal("TASK_FINISHED", after!.State);
        Assert.Equal(["TASK_STAGING", "TASK_RUNNING", "TASK_FINISHED"], book.Find("fw", "t1")!.Statuses.Select(s => s.State));
    }

    [Fact]
    public void Update_AgentsLostThenRunning_StaysLost()
    {
        var book = new TaskBook();
        book.Launched("fw", Task, 1);
        book.Update("fw", Status("TASK_LOST", 2));

        Assert.Equal("TASK_LOST", book.Update("fw", Status("TASK_RUNNING", 3))!.State);
        Assert.Empty(book.UsedOn("m-S0"));
    }

    [Fact]
    public void Update_MastersLost_MovesToCompletedAtOnceAndFreesResources()
    {
        var book = new TaskBook();
        book.Launched("fw", Task with { Resources = [Cpus] }, 1);
        book.Update("fw", Status("TASK_RUNNING", 2));
        var forgotten = new List<string>();
        book.Forgotten += t => forgotten.Add(t.TaskId);

        book.Update("fw", new TaskStatusMessage("t1", "TASK_LOST", "SOURCE_MASTER", "m-S0", 3, null, null, "REASON_AGENT_REMOVED"));

        Assert.Null(book.Find("fw", "t1"));
        Assert.Empty(book.OnAgent("m-S0"));
        Assert.Empty(book.UsedOn("m-S0"));
        Assert.Equal(["t1"], forgotten);
        var completed = Assert.Single(book.CompletedOf("fw"));
        Assert.Equal(("TASK_LOST", 3), (completed.State, completed.Statuses.Count));
    }

    [Fact]
    public void Update_MastersUnreachable_StaysActiveWithoutResources()
    {
        var book = new TaskBook();
        book.Launched("fw", Task with { Resources = [Cpus] }, 1);

        book.Update("fw", new TaskStatusMessage("t1", "TASK_UNREACHABLE", "SOURCE_MASTER", "m-S0", 2, null, null, "REASON_AGENT_REMOVED"));

        Assert.Equal("TASK_UNREACHABLE", book.Find("fw", "t1")!.State);
        Assert.Empty(book.UsedOn("m-S0"));
        Assert.Empty(book.CompletedOf("fw"));
    }

    [Fact]
    public void Forget_AcknowledgedEnd_MovesToCompleted()
    {
        var book = new TaskBook();
        book.Launched("fw", Task, 1);
        book.Update("fw", Status("TASK_FINISHED", 2));
        var stillActive = book.Find("fw", "t1");

        book.Forget("fw", "t1");

        Assert.NotNull(stillActive);
        Assert.Null(book.Find("fw", "t1"));
        Assert.Equal("TASK_FINISHED", Assert.Single(book.CompletedOf("fw")).State);
        Assert.Equal("TASK_FINISHED", book.FindAny("fw", "t1")!.State);
    }

    [Fact]
    public void Forget_BeyondTheLimit_DropsTheOldestCompleted()
    {
        var book = new TaskBook(maxCompletedPerFramework: 2);
        foreach (var id in new[] { "a", "b", "c" })
        {
            book.Launched("fw", Task with { TaskId = id }, 1);
            book.Update("fw", new TaskStatusMessage(id, "TASK_FINISHED", "SOURCE_EXECUTOR", "m-S0", 2, "u", null, null));
            book.Forget("fw", id);
        }

        Assert.Equal(["b", "c"], book.CompletedOf("fw").Select(t => t.TaskId));
        book.DropCompleted("fw");
        Assert.Empty(book.CompletedTasks);
    }

    [Fact]
    public void Restore_TaskTheMasterDeclaredLost_IsActiveAgainAndLeavesCompleted()
    {
        var book = new TaskBook();
        book.Launched("fw", Task with { Resources = [Cpus] }, 1);
        book.Update("fw", new TaskStatusMessage("t1", "TASK_LOST", "SOURCE_MASTER", "m-S0", 2, null, null, "REASON_AGENT_REMOVED"));

        book.Restore("fw", Task with { Resources = [Cpus] }, "m-S0", "TASK_RUNNING", 3);

        Assert.Equal(["TASK_STAGING", "TASK_LOST", "TASK_RUNNING"], book.Find("fw", "t1")!.Statuses.Select(s => s.State));
        Assert.Empty(book.CompletedOf("fw"));
        Assert.Single(book.UsedOn("m-S0"));
    }

    [Fact]
    public void RemoveFramework_KillsWhatRunsAndMovesEverythingToCompleted()
    {
        var book = new TaskBook();
        book.Launched("fw", Task with { Resources = [Cpus] }, 1);
        book.Launched("fw", Task with { TaskId = "t2", Resources = [Cpus] }, 1);
        book.Update("fw", new TaskStatusMessage("t2", "TASK_FAILED", "SOURCE_EXECUTOR", "m-S0", 2, "u", null, null));
        book.Launched("other", Task with { Resources = [Cpus] }, 1);

        book.RemoveFramework("fw", t => new TaskStatusMessage(t.TaskId, "TASK_KILLED", "SOURCE_MASTER", t.AgentId, 3, null, "removed", "REASON_FRAMEWORK_REMOVED"));

        Assert.Empty(book.OfFramework("fw"));
        Assert.Equal([("t1", "TASK_KILLED"), ("t2", "TASK_FAILED")], book.CompletedOf("fw").Select(t => (t.TaskId, t.State)).Order());
        Assert.Single(book.UsedOn("m-S0"));
    }

    [Fact]
    public void Update_MasterVerdictOnly_WhenTheMasterDeclaresTheTaskNotOnTheAgent()
    {
        var book = new TaskBook();
        book.Launched("fw", Task, 1);
        book.Launched("fw", Task with { TaskId = "t2" }, 1);
        var fromAgent = book.Update("fw", Status("TASK_LOST", 2) with { TaskId = "t2" })!;
        var fromMaster = book.Update("fw", new TaskStatusMessage("t1", "TASK_UNREACHABLE", "SOURCE_MASTER", "m-S0", 3, null, null, "REASON_AGENT_REMOVED"))!;
        var reregistered = book.Update("fw", new TaskStatusMessage("t1", "TASK_RUNNING", "SOURCE_MASTER", "m-S0", 4, null, null, "REASON_AGENT_REREGISTERED"))!;
        var forgotten = new List<string>();
        book.Forgotten += t => forgotten.Add(t.TaskId);
        book.Update("fw", Status("TASK_KILLED", 5));
        book.Forget("fw", "t1");
        book.Forget("fw", "t1");

        Assert.False(fromAgent.MasterVerdict);
        Assert.True(fromMaster.MasterVerdict);
        Assert.False(reregistered.MasterVerdict);
        Assert.Equal(["t1"], forgotten);
    }

    [Fact]
    public void Indexes_FollowLaunchUpdateRestoreAndForget()
    {
        var book = new TaskBook();
        var cpus = new Drydock.Protocol.Resources.Resource("cpus", Drydock.Protocol.Resources.Value.OfScalar(0.5));
        book.Launched("fw", Task with { Resources = [cpus] }, 1);
        book.Launched("fw2", Task with { TaskId = "t2", AgentId = "m-S1", Resources = [cpus] }, 1);
        var onFirst = book.OnAgent("m-S0").Select(t => t.TaskId).ToArray();
        book.Restore("fw", Task with { AgentId = "m-S1", Resources = [cpus] }, "m-S1", "TASK_RUNNING", 2);
        var movedFrom = book.OnAgent("m-S0").Count;
        var usedOnSecond = book.UsedOn("m-S1").Count;
        book.Update("fw2", new TaskStatusMessage("t2", "TASK_FINISHED", "SOURCE_EXECUTOR", "m-S1", 3, "u", null, null));
        var usedAfterEnd = book.UsedOn("m-S1").Count;
        book.Forget("fw2", "t2");

        Assert.Equal(["t1"], onFirst);
        Assert.Equal(0, movedFrom);
        Assert.Equal(2, usedOnSecond);
        Assert.Equal(1, usedAfterEnd);
        Assert.Equal(["t1"], book.OnAgent("m-S1").Select(t => t.TaskId));
        Assert.Empty(book.OfFramework("fw2"));
        Assert.Single(book.UsedBy("fw"));
    }
}
