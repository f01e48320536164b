using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Instances;
using static Drydock.Services.Tests.Deployments.TestApps;

namespace Drydock.Services.Tests.Deployments;

public sealed class LaunchBackoffTests
{
    private static readonly AppDefinition Web = App("/web") with { BackoffSeconds = 10, BackoffFactor = 2, MaxLaunchDelaySeconds = 60 };

    [Fact]
    public void AddFailure_GrowsByTheFactorUpToTheMaximum()
    {
        var book = LaunchBackoff.Empty;
        var delays = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            book = book.AddFailure(Web, T0);
            delays.Add(book.Find(Web, T0)!.Delay.TotalSeconds);
        }

        Assert.Equal([10, 20, 40, 60, 60], delays);
    }

    [Fact]
    public void AddFailure_BackoffAboveTheMaximum_StartsAtTheMaximum()
    {
        var app = Web with { BackoffSeconds = 500 };

        Assert.Equal(60, LaunchBackoff.Empty.AddFailure(app, T0).Find(app, T0)!.Delay.TotalSeconds);
    }

    [Fact]
    public void View_DelayedThenPastTheDeadline_TimeLeftThenOverdue()
    {
        var book = LaunchBackoff.Empty.AddFailure(Web, T0);

        Assert.Equal(new QueueDelay(7, false), book.View(Web, T0.AddSeconds(2.5)));
        Assert.False(book.MayLaunch(Web, T0.AddSeconds(9)));
        Assert.Equal(QueueDelay.NotDelayed, book.View(Web, T0.AddSeconds(10)));
        Assert.True(book.MayLaunch(Web, T0.AddSeconds(10)));
    }

    [Fact]
    public void Find_PastReferencePlusMaximum_Lapsed()
    {
        var book = LaunchBackoff.Empty.AddFailure(Web, T0);

        Assert.NotNull(book.Find(Web, T0.AddSeconds(60)));
        Assert.Null(book.Find(Web, T0.AddSeconds(61)));
        Assert.Equal(10, book.AddFailure(Web, T0.AddSeconds(61)).Find(Web, T0.AddSeconds(61))!.Delay.TotalSeconds);
        Assert.Equal(0, book.Prune(T0.AddSeconds(61)).Count);
    }

    [Fact]
    public void Running_MovesTheReferenceAndKeepsTheDelay()
    {
        var book = LaunchBackoff.Empty.AddFailure(Web, T0).AddFailure(Web, T0);

        book = book.OnTaskStatus(Web, TaskStates.Running, null, null, T0.AddSeconds(50));

        var entry = book.Find(Web, T0.AddSeconds(100))!;
        Assert.Equal(20, entry.Delay.TotalSeconds);
        Assert.Equal(T0.AddSeconds(50), entry.Reference);
    }

    [Fact]
    public void Key_ScaleKeepsTheDelayAndAConfigChangeStartsAfresh()
    {
        var book = LaunchBackoff.Empty.AddFailure(Web, T0);
        var scaled = Web with { Instances = 5, Version = T0.AddSeconds(1), VersionInfo = new VersionInfo(T0.AddSeconds(1), T0) };
        var changed = Web with { Cmd = "other", Version = T0.AddSeconds(1), VersionInfo = new VersionInfo(T0.AddSeconds(1), T0.AddSeconds(1)) };

        Assert.NotNull(book.Find(scaled, T0));
        Assert.Null(book.Find(changed, T0));
    }

    [Fact]
    public void ResetAndForget_DropTheDelay()
    {
        var changed = Web with { Version = T0.AddSeconds(1), VersionInfo = new VersionInfo(T0.AddSeconds(1), T0.AddSeconds(1)) };
        var book = LaunchBackoff.Empty.AddFailure(Web, T0).AddFailure(changed, T0);

        Assert.Null(book.Reset(Web).Find(Web, T0));
        Assert.NotNull(book.Reset(Web).Find(changed, T0));
        Assert.Equal(0, book.Forget(Web.Id).Count);
    }

    [Theory]
    [InlineData(TaskStates.Failed, null, null, false, BackoffEffect.AddDelay)]
    [InlineData(TaskStates.Finished, null, null, false, BackoffEffect.AddDelay)]
    [InlineData(TaskStates.Error, null, null, false, BackoffEffect.AddDelay)]
    [InlineData(TaskStates.Dropped, null, null, false, BackoffEffect.AddDelay)]
    [InlineData(TaskStates.Gone, null, null, false, BackoffEffect.AddDelay)]
    [InlineData(TaskStates.GoneByOperator, null, null, false, BackoffEffect.AddDelay)]
    [InlineData(TaskStates.Lost, "REASON_EXECUTOR_TERMINATED", null, false, BackoffEffect.AddDelay)]
    [InlineData(TaskStates.Killed, null, null, false, BackoffEffect.None)]
    [InlineData(TaskStates.Unreachable, null, null, false, BackoffEffect.None)]
    [InlineData(TaskStates.Unknown, null, null, false, BackoffEffect.None)]
    [InlineData(TaskStates.Killing, null, null, false, BackoffEffect.None)]
    [InlineData(TaskStates.Lost, "REASON_TASK_UNKNOWN", null, false, BackoffEffect.None)]
    [InlineData(TaskStates.Lost, null, "Reconciliation: Task is unknown to the agent", false, BackoffEffect.None)]
    [InlineData(TaskStates.Lost, "REASON_RECONCILIATION", null, false, BackoffEffect.None)]
    [InlineData(TaskStates.Lost, "REASON_AGENT_DISCONNECTED", null, false, BackoffEffect.None)]
    [InlineData(TaskStates.Lost, "REASON_SLAVE_REMOVED", null, false, BackoffEffect.None)]
    [InlineData(TaskStates.Lost, "REASON_AGENT_REMOVED", "Agent m1 removed: Operator initiated 'Machine DOWN'", false, BackoffEffect.None)]
    [InlineData(TaskStates.Staging, null, null, false, BackoffEffect.MoveReference)]
    [InlineData(TaskStates.Starting, null, null, false, BackoffEffect.MoveReference)]
    [InlineData(TaskStates.Running, null, null, false, BackoffEffect.MoveReference)]
    [InlineData(TaskStates.Killed, "REASON_AGENT_DRAINING", null, false, BackoffEffect.Reset)]
    [InlineData(TaskStates.Killed, "REASON_SLAVE_DRAINING", null, false, BackoffEffect.Reset)]
    [InlineData(TaskStates.GoneByOperator, "REASON_AGENT_DRAINING", null, false, BackoffEffect.Reset)]
    [InlineData(TaskStates.Dropped, "REASON_AGENT_DRAINING", null, false, BackoffEffect.None)]
    [InlineData(TaskStates.GoneByOperator, "REASON_AGENT_REMOVED_BY_OPERATOR", null, false, BackoffEffect.None)]
    [InlineData(TaskStates.GoneByOperator, null, null, true, BackoffEffect.None)]
    [InlineData(TaskStates.Lost, "REASON_EXECUTOR_TERMINATED", null, true, BackoffEffect.None)]
    [InlineData(TaskStates.Failed, null, null, true, BackoffEffect.AddDelay)]
    public void Classify_IsTheTableOfMarathonPlusMaintenance(string state, string? reason, string? message, bool maintenance, object expected)
    {
        Assert.Equal((BackoffEffect)expected, BackoffRules.Classify(state, reason, message, maintenance));
    }

    [Fact]
    public void OnTaskStatus_Draining_ResetsAnExistingDelay()
    {
        var book = LaunchBackoff.Empty.AddFailure(Web, T0);

        Assert.Null(book.OnTaskStatus(Web, TaskStates.Killed, "REASON_AGENT_DRAINING", null, T0).Find(Web, T0));
        Assert.NotNull(book.OnTaskStatus(Web, TaskStates.Killed, null, null, T0).Find(Web, T0));
    }
}
