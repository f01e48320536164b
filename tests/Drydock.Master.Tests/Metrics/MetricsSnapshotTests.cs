using System.Diagnostics.Metrics;
using Drydock.Master.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Tests.Metrics;

public sealed class MetricsSnapshotTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private MasterMetrics NewMetrics() => new(_services.GetRequiredService<IMeterFactory>());

    [Fact]
    public void Take_NothingCounted_EveryCounterAtZeroAndNoTimer()
    {
        using var snapshot = new MetricsSnapshot(NewMetrics());

        var taken = snapshot.Take();

        Assert.Equal(0, taken["master/slave_registrations"]);
        Assert.Equal(0, taken["master/tasks_gone_by_operator"]);
        Assert.Equal(0, taken["master/messages_decline_offers"]);
        Assert.All(MasterMetrics.Loops, loop => Assert.Equal(0, taken["drydock/loop_failures/" + loop]));
        Assert.DoesNotContain("registrar/state_store_ms", taken.Keys);
        Assert.DoesNotContain("drydock/loop_failures", taken.Keys);
    }

    [Fact]
    public void Take_EventsCounted_TotalsByNameAndLoop()
    {
        var metrics = NewMetrics();
        using var snapshot = new MetricsSnapshot(metrics);

        metrics.AgentRegistered(reregistered: false);
        metrics.AgentRegistered(reregistered: true);
        metrics.AgentRegistered(reregistered: true);
        metrics.TaskReached("TASK_KILLED");
        metrics.TaskReached("TASK_RUNNING");
        metrics.TaskReached("TASK_GONE_BY_OPERATOR");
        metrics.SchedulerCall("DECLINE");
        metrics.SchedulerCall("SUBSCRIBE", resubscribe: true);
        metrics.SchedulerCall("ACCEPT_INVERSE_OFFERS");
        metrics.LoopFailed("drain");
        metrics.LoopFailed("drain");
        var taken = snapshot.Take();

        Assert.Equal(1, taken["master/slave_registrations"]);
        Assert.Equal(2, taken["master/slave_reregistrations"]);
        Assert.Equal(1, taken["master/tasks_killed"]);
        Assert.Equal(1, taken["master/tasks_gone_by_operator"]);
        Assert.DoesNotContain("master/tasks_running", taken.Keys);
        Assert.Equal(1, taken["master/messages_decline_offers"]);
        Assert.Equal(1, taken["master/messages_reregister_framework"]);
        Assert.Equal(0, taken["master/messages_register_framework"]);
        Assert.Equal(2, taken["drydock/loop_failures/drain"]);
        Assert.Equal(0, taken["drydock/loop_failures/allocation"]);
    }

    [Fact]
    public void Take_TimerValues_LatestCountMinMaxAndPercentiles()
    {
        var metrics = NewMetrics();
        using var snapshot = new MetricsSnapshot(metrics);

        foreach (var ms in new[] { 4.0, 1.0, 3.0, 2.0, 5.0 })
        {
            metrics.StateStored(TimeSpan.FromMilliseconds(ms));
        }

        var taken = snapshot.Take();

        Assert.Equal(5, taken["registrar/state_store_ms"]);
        Assert.Equal(5, taken["registrar/state_store_ms/count"]);
        Assert.Equal(1, taken["registrar/state_store_ms/min"]);
        Assert.Equal(5, taken["registrar/state_store_ms/max"]);
        Assert.Equal(3, taken["registrar/state_store_ms/p50"]);
        Assert.Equal(4.6, taken["registrar/state_store_ms/p90"], 6);
    }

    [Fact]
    public void Take_MoreValuesThanTheWindow_OnlyTheLastWindowCounts()
    {
        var metrics = NewMetrics();
        using var snapshot = new MetricsSnapshot(metrics);

        for (var i = 1; i <= MetricsSnapshot.Window + 10; i++)
        {
            metrics.StateStored(TimeSpan.FromMilliseconds(i));
        }

        var taken = snapshot.Take();

        Assert.Equal(MetricsSnapshot.Window, taken["registrar/state_store_ms/count"]);
        Assert.Equal(11, taken["registrar/state_store_ms/min"]);
        Assert.Equal(MetricsSnapshot.Window + 10, taken["registrar/state_store_ms"]);
    }

    [Fact]
    public void Take_TwoMastersInOneProcess_EachSeesOnlyItsOwn()
    {
        // Each master has its own service provider, so its own meter factory and Meter of the same name.
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var first = NewMetrics();
        var second = new MasterMetrics(other.GetRequiredService<IMeterFactory>());
        using var firstSnapshot = new MetricsSnapshot(first);
        using var secondSnapshot = new MetricsSnapshot(second);

        first.AgentRemoved();
        second.Meter.CreateObservableGauge("master/elected", () => 1.0);

        Assert.Equal(1, firstSnapshot.Take()["master/slave_removals"]);
        Assert.Equal(0, secondSnapshot.Take()["master/slave_removals"]);
        Assert.DoesNotContain("master/elected", firstSnapshot.Take().Keys);
        Assert.Equal(1, secondSnapshot.Take()["master/elected"]);
    }
}
