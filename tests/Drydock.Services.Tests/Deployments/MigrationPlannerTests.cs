using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Instances;
using static Drydock.Services.Tests.Deployments.TestApps;

namespace Drydock.Services.Tests.Deployments;

public sealed class MigrationPlannerTests
{
    private static readonly PathId Web = PathId.Parse("/web");
    private static readonly HashSet<string> Due = ["a1"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void MakeBeforeBreak_FullCapacity_StartsFirstKillsOnceHealthyAcceptsWhenEmpty()
    {
        var strategy = new UpgradeStrategy(1, 0);
        var old = I("old", "a1");
        var other = I("other", "b1");

        var first = Plan(strategy, 2, old, other);
        Assert.Equal((MigrationMode.MakeBeforeBreak, 1), (first.Apps[Web].Mode, first.Apps[Web].StartReplacements));
        Assert.Empty(first.Apps[Web].Kill);
        Assert.False(first.Agents["a1"].Accept);

        var pending = I("new", null, healthy: false, active: false);
        var waiting = Plan(strategy, 2, old, other, pending);
        Assert.Equal(0, waiting.Apps[Web].StartReplacements);
        Assert.Empty(waiting.Apps[Web].Kill);
        Assert.Contains("waiting for 1 replacement to become healthy", waiting.Agents["a1"].Reason, StringComparison.Ordinal);

        var placedUnhealthy = Plan(strategy, 2, old, other, I("new", "b2", healthy: false));
        Assert.Empty(placedUnhealthy.Apps[Web].Kill);

        var healthy = Plan(strategy, 2, old, other, I("new", "b2"));
        Assert.Equal([old.Id], healthy.Apps[Web].Kill);

        var dying = Plan(strategy, 2, old with { Goal = InstanceGoal.Decommissioned }, other, I("new", "b2"));
        Assert.Equal(MigrationMode.Idle, dying.Apps[Web].Mode);
        Assert.Contains("waiting for them to end", dying.Agents["a1"].Reason, StringComparison.Ordinal);

        var done = Plan(strategy, 2, other, I("new", "b2"));
        Assert.True(done.Agents["a1"].Accept);
        Assert.Null(done.Agents["a1"].Reason);
    }

    [Fact]
    public void NoRoom_FullHealthRequired_StallsAfterThePatienceAndSaysWhy()
    {
        var strategy = new UpgradeStrategy(1, 1);
        MigrationInstance[] instances = [I("old", "a1"), I("other", "b1"), I("new", null, healthy: false, active: false)];

        var early = Decide(strategy, 2, instances, noRoomSince: T0.AddSeconds(-30));
        var late = Decide(strategy, 2, instances, noRoomSince: T0.AddSeconds(-61));

        Assert.Equal(MigrationMode.MakeBeforeBreak, early.Mode);
        Assert.Equal(MigrationMode.Stalled, late.Mode);
        Assert.Empty(late.Kill);
        Assert.Contains("stalled: no offer fits a replacement", late.Waiting, StringComparison.Ordinal);
        Assert.Contains("fewer than 2", late.Waiting, StringComparison.Ordinal);
    }

    [Fact]
    public void NoRoom_HalfHealth_KillsOneAtATimeEachAfterThePreviousReplacementIsHealthy()
    {
        var strategy = new UpgradeStrategy(0.5, 1);
        var d1 = I("d1", "a1");
        var d2 = I("d2", "a1");
        MigrationInstance[] safe = [I("s1", "b1"), I("s2", "b2")];
        var r1 = I("r1", null, healthy: false, active: false);
        var r2 = I("r2", null, healthy: false, active: false);
        var since = T0.AddMinutes(-5);

        var first = Decide(strategy, 4, [.. safe, d1, d2, r1, r2], since);
        Assert.Equal(MigrationMode.KillFirst, first.Mode);
        Assert.Equal([d1.Id], first.Kill);

        var whileDying = Decide(strategy, 4, [.. safe, d1 with { Goal = InstanceGoal.Decommissioned }, d2, r1, r2], since);
        Assert.Empty(whileDying.Kill);

        var replacementPending = Decide(strategy, 4, [.. safe, d2, r1, r2], since);
        Assert.Empty(replacementPending.Kill);
        Assert.Contains("waiting for 1 instance elsewhere to become healthy", replacementPending.Waiting, StringComparison.Ordinal);

        var replacementHealthy = Decide(strategy, 4, [.. safe, d2, I("r1", "b3"), r2], since);
        Assert.Equal([d2.Id], replacementHealthy.Kill);
    }

    [Fact]
    public void NoOverCapacity_KillsFirstWithoutWaitingForThePatience()
    {
        var decision = Decide(new UpgradeStrategy(0.5, 0), 3, [I("d1", "a1"), I("d2", "a1"), I("s", "b1")], noRoomSince: null);

        Assert.Equal(MigrationMode.KillFirst, decision.Mode);
        Assert.Equal([new InstanceId("d1")], decision.Kill);
        Assert.Equal(0, decision.StartReplacements);
        Assert.Contains("maximumOverCapacity leaves no room", decision.Waiting, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Agents_EmptyOnesAcceptAndOnesHoldingAnyAppDecline()
    {
        var web = new AppMigrationInput(Web, 1, UpgradeStrategy.Default, [I("w", "b1")]);
        var db = new AppMigrationInput(PathId.Parse("/db"), 1, UpgradeStrategy.Default, [I("d", "a2")]);

        var plan = MigrationPlanner.Plan([web, db], new HashSet<string> { "a1", "a2" }, T0, Patience);

        Assert.True(plan.Agents["a1"].Accept);
        Assert.False(plan.Agents["a2"].Accept);
        Assert.StartsWith("/db: 1 instance here, 0 being killed; ", plan.Agents["a2"].Reason, StringComparison.Ordinal);
        Assert.Equal(MigrationMode.Idle, plan.Apps[Web].Mode);
        Assert.Equal(1, plan.Apps[db.AppId].StartReplacements);
    }

    [Fact]
    public void Decide_UnhealthyOldInstance_GoesAsSoonAsAReplacementExists()
    {
        var decision = Decide(UpgradeStrategy.Default, 2, [I("sick", "a1", healthy: false), I("s", "b1"), I("r", null, healthy: false, active: false)], null);

        Assert.Equal([new InstanceId("sick")], decision.Kill);
    }

    internal static MigrationInstance I(string id, string? agent, bool healthy = true, bool active = true) =>
        new(new InstanceId(id), agent, InstanceGoal.Running, active, healthy);

    private static MigrationPlan Plan(UpgradeStrategy strategy, int n, params MigrationInstance[] instances) =>
        MigrationPlanner.Plan([new AppMigrationInput(Web, n, strategy, instances)], Due, T0, Patience);

    private static AppMigrationDecision Decide(UpgradeStrategy strategy, int n, MigrationInstance[] instances, DateTimeOffset? noRoomSince) =>
        MigrationPlanner.Decide(new AppMigrationInput(Web, n, strategy, instances) { NoRoomSince = noRoomSince }, Due, T0, Patience);
}
