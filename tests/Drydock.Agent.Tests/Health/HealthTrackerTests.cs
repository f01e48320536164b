using Drydock.Agent.Health;
using Drydock.Protocol.Scheduler;

namespace Drydock.Agent.Tests.Health;

/// <summary>Mesos's health verdicts: grace period, consecutive failures, and which results are reported.</summary>
public sealed class HealthTrackerTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly HealthCheckInfo Check = new() { Type = "TCP", HasTcp = true, Port = 1, GracePeriodSeconds = 10, ConsecutiveFailures = 3 };

    [Fact]
    public void Record_FailureWithinGracePeriod_Ignored()
    {
        var tracker = new HealthTracker(Check, Start);

        Assert.Null(tracker.Record(false, Start.AddSeconds(10)));
        Assert.Equal(0, tracker.ConsecutiveFailures);
    }

    [Fact]
    public void Record_FailureAfterGracePeriod_ReportedUnhealthy()
    {
        var tracker = new HealthTracker(Check, Start);

        Assert.Equal(new HealthUpdate(false, 1, false), tracker.Record(false, Start.AddSeconds(10.5)));
    }

    [Fact]
    public void Record_FailureAfterFirstSuccess_CountsEvenWithinGracePeriod()
    {
        var tracker = new HealthTracker(Check, Start);

        Assert.Equal(new HealthUpdate(true, 0, false), tracker.Record(true, Start.AddSeconds(1)));
        Assert.Equal(new HealthUpdate(false, 1, false), tracker.Record(false, Start.AddSeconds(2)));
    }

    [Fact]
    public void Record_RepeatedSuccess_ReportedOnlyFirstAndAfterFailures()
    {
        var tracker = new HealthTracker(Check, Start);
        var at = Start.AddSeconds(20);

        Assert.NotNull(tracker.Record(true, at));
        Assert.Null(tracker.Record(true, at));
        Assert.NotNull(tracker.Record(false, at));
        Assert.Equal(new HealthUpdate(true, 0, false), tracker.Record(true, at));
        Assert.Null(tracker.Record(true, at));
    }

    [Fact]
    public void Record_ConsecutiveFailuresReached_AsksForKill()
    {
        var tracker = new HealthTracker(Check, Start);
        var at = Start.AddSeconds(20);

        Assert.Equal(
            [new HealthUpdate(false, 1, false), new HealthUpdate(false, 2, false), new HealthUpdate(false, 3, true)],
            new[] { tracker.Record(false, at), tracker.Record(false, at), tracker.Record(false, at) });
    }

    [Fact]
    public void Record_SuccessBetweenFailures_ResetsTheCount()
    {
        var tracker = new HealthTracker(Check, Start);
        var at = Start.AddSeconds(20);
        tracker.Record(false, at);
        tracker.Record(false, at);

        tracker.Record(true, at);

        Assert.Equal(new HealthUpdate(false, 1, false), tracker.Record(false, at));
    }

    [Fact]
    public void Record_ZeroConsecutiveFailures_KillsOnFirstCountedFailure()
    {
        var tracker = new HealthTracker(Check with { ConsecutiveFailures = 0, GracePeriodSeconds = 0 }, Start);

        Assert.Equal(new HealthUpdate(false, 1, true), tracker.Record(false, Start));
    }

    [Fact]
    public void Record_RecoveredAfterHealthy_NoGraceAndNoRepeatedHealthy()
    {
        var tracker = new HealthTracker(Check, Start, lastReportedHealthy: true);

        Assert.Null(tracker.Record(true, Start.AddSeconds(1)));
        Assert.Equal(new HealthUpdate(false, 1, false), tracker.Record(false, Start.AddSeconds(2)));
    }
}
