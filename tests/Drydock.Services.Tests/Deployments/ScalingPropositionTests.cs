using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Instances;
using static Drydock.Services.Tests.Deployments.TestApps;

namespace Drydock.Services.Tests.Deployments;

public sealed class ScalingPropositionTests
{
    [Theory]
    [InlineData(true, "c,b")]
    [InlineData(false, "a,b")]
    public void Decide_ScaleDownRunning_ByKillSelection(bool youngestFirst, string expected)
    {
        var app = App("/a", 3) with { KillSelection = youngestFirst ? KillSelection.YoungestFirst : KillSelection.OldestFirst };
        Instance[] instances = [Running("/a", "a", T0), Running("/a", "b", T0.AddMinutes(1)), Running("/a", "c", T0.AddMinutes(2))];

        var decision = ScalingProposition.Decide(app, instances, 1);

        Assert.Equal(expected.Split(','), decision.ToKill.Select(Name));
        Assert.Equal(0, decision.ToStart);
    }

    [Fact]
    public void Decide_MixedConditions_UnreachableThenStagingThenStartingThenRunning()
    {
        var app = App("/a", 4);
        Instance[] instances =
        [
            Running("/a", "run", T0),
            Running("/a", "staging", T0) with { State = TaskStates.Staging, StartedAt = null },
            Running("/a", "starting", T0) with { State = TaskStates.Starting, StartingAt = T0 },
            Running("/a", "unreachable", T0) with { State = TaskStates.Unreachable, UnreachableSince = T0 },
        ];

        var decision = ScalingProposition.Decide(app, instances, 0);

        Assert.Equal(["unreachable", "staging", "starting", "run"], decision.ToKill.Select(Name));
    }

    [Fact]
    public void Decide_NamedInstances_GoFirstAndRaiseTheCount()
    {
        var app = App("/a", 3);
        Instance[] instances = [Running("/a", "a", T0), Running("/a", "b", T0.AddMinutes(1)), Running("/a", "c", T0.AddMinutes(2))];

        var decision = ScalingProposition.Decide(app, instances, 3, [instances[0].Id]);

        Assert.Equal(["a"], decision.ToKill.Select(Name));
        Assert.Equal(1, decision.ToStart);
    }

    [Fact]
    public void Decide_GroupBy_EvensOutBeforeKillSelection()
    {
        var app = App("/a", 4) with { Constraints = [new Constraint("hostname", ConstraintOperator.GroupBy, null)] };
        Instance[] instances =
        [
            Running("/a", "h1-old", T0, "h1"),
            Running("/a", "h1-mid", T0.AddMinutes(1), "h1"),
            Running("/a", "h1-new", T0.AddMinutes(2), "h1"),
            Running("/a", "h2-newest", T0.AddMinutes(3), "h2"),
        ];

        var decision = ScalingProposition.Decide(app, instances, 2);

        // Youngest first alone would take h2-newest; evening out takes two of h1's three (the youngest of them first).
        Assert.Equal(["h1-new", "h1-mid"], decision.ToKill.Select(Name));
    }

    [Fact]
    public void Decide_UncountedInstances_AreNeitherCountedNorKilled()
    {
        var app = App("/a", 2);
        Instance[] instances =
        [
            Running("/a", "a", T0),
            Running("/a", "inactive", T0) with { UnreachableInactive = true, State = TaskStates.Unreachable },
            Running("/a", "leaving", T0) with { Goal = InstanceGoal.Decommissioned },
        ];

        var decision = ScalingProposition.Decide(app, instances, 2);

        Assert.Empty(decision.ToKill);
        Assert.Equal(1, decision.ToStart);
    }

    private static string Name(Instance instance) => instance.Id.Value[(instance.Id.Value.IndexOf("instance-", StringComparison.Ordinal) + "instance-".Length)..];
}
