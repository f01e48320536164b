using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Instances;

namespace Drydock.Services.Tests.Deployments;

public sealed class RollingReplacementTests
{
    private static readonly InstanceId A = new("a"), B = new("b"), C = new("c"), D = new("d");

    [Fact]
    public void WorkedExample_FourInstancesHalfAndAQuarter_ReplaysMarathonsSequence()
    {
        var (state, start) = RollingReplacement.Start(4, new UpgradeStrategy(0.5, 0.25), Healthy(A, B, C, D));
        Assert.Equal((2, 5), (state.MinHealthy, state.MaxCapacity));
        Assert.Equal([A, B], start.Kill);
        Assert.Equal(1, start.Launch);

        (state, var step) = state.OnOldTerminal(A);
        Assert.Equal(1, step.Launch);
        (state, step) = state.OnOldTerminal(B);
        Assert.Equal(1, step.Launch);
        (state, step) = state.OnNewReady(new InstanceId("n1"));
        Assert.Equal([C], step.Kill);
        (state, step) = state.OnOldTerminal(C);
        Assert.Equal(1, step.Launch);
        (state, step) = state.OnNewReady(new InstanceId("n2"));
        Assert.Equal([D], step.Kill);
        (state, step) = state.OnOldTerminal(D);
        Assert.Equal(0, step.Launch);
        Assert.False(state.IsDone);
        (state, _) = state.OnNewReady(new InstanceId("n3"));
        (state, _) = state.OnNewReady(new InstanceId("n4"));
        Assert.True(state.IsDone);
        Assert.Equal(4, state.Started);
    }

    [Fact]
    public void Default_OneAndOne_LaunchesAllThenKillsOnePerReady()
    {
        var (state, start) = RollingReplacement.Start(3, UpgradeStrategy.Default, Healthy(A, B, C));
        Assert.Empty(start.Kill);
        Assert.Equal(3, start.Launch);

        (_, var step) = state.OnNewReady(new InstanceId("n1"));
        Assert.Single(step.Kill);
    }

    [Fact]
    public void OneAndZero_OneInstanceOfOverCapacity_OneAtATime()
    {
        var (state, start) = RollingReplacement.Start(3, new UpgradeStrategy(1, 0), Healthy(A, B, C));
        Assert.Equal(4, state.MaxCapacity);
        Assert.Empty(start.Kill);
        Assert.Equal(1, start.Launch);

        (state, var ready) = state.OnNewReady(new InstanceId("n1"));
        Assert.Single(ready.Kill);
        (_, var terminal) = state.OnOldTerminal(ready.Kill[0]);
        Assert.Equal(1, terminal.Launch);
    }

    [Fact]
    public void ZeroAndZero_KillsAllThenLaunchesAsTheyEnd()
    {
        var (state, start) = RollingReplacement.Start(3, new UpgradeStrategy(0, 0), Healthy(A, B, C));
        Assert.Equal([A, B, C], start.Kill);
        Assert.Equal(0, start.Launch);

        (_, var step) = state.OnOldTerminal(A);
        Assert.Equal(1, step.Launch);
    }

    [Fact]
    public void Start_UnhealthyOldOnes_AreKilledFirst()
    {
        // H = 3 of 4 and minHealthy = 2: one may go, and the unhealthy one goes.
        var (_, start) = RollingReplacement.Start(4, new UpgradeStrategy(0.5, 0), [new OldInstance(A, true), new OldInstance(B, false), new OldInstance(C, true), new OldInstance(D, true)]);

        Assert.Equal([B], start.Kill);
    }

    [Fact]
    public void Start_NoInstances_DoneAtOnce()
    {
        var (state, start) = RollingReplacement.Start(0, UpgradeStrategy.Default, []);

        Assert.True(state.IsDone);
        Assert.Equal(ReplacementDecision.Nothing, start);
    }

    [Fact]
    public void Start_LeftoversAboveTheTarget_KillsTheSurplus()
    {
        var (_, start) = RollingReplacement.Start(2, UpgradeStrategy.Default, Healthy(A, B, C, D));

        Assert.Equal(2, start.Kill.Count);
    }

    public static TheoryData<double, double, int> Strategies => new()
    {
        { 1, 1, 1 }, { 1, 1, 5 }, { 1, 0, 4 }, { 0, 0, 4 }, { 0.5, 0.25, 4 }, { 0.5, 0, 5 }, { 0.75, 0.5, 6 }, { 0.3, 0.1, 7 }, { 1, 0.2, 5 },
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void AnyEventOrder_NeverBelowMinHealthyNorAboveMaxCapacity_AndFinishes(double minimumHealth, double maximumOver, int n)
    {
        for (var seed = 0; seed < 200; seed++)
        {
            Simulate(new Random(seed), n, new UpgradeStrategy(minimumHealth, maximumOver));
        }
    }

    private static void Simulate(Random random, int n, UpgradeStrategy strategy)
    {
        var old = Enumerable.Range(0, n).Select(i => new InstanceId($"old{i}")).ToArray();
        var (state, decision) = RollingReplacement.Start(n, strategy, Healthy(old));
        var oldUp = old.ToHashSet();   // healthy, not killed
        var oldDying = new HashSet<InstanceId>();
        var newPending = new List<InstanceId>();
        var newReady = new HashSet<InstanceId>();
        var launched = 0;

        void Apply(ReplacementDecision d)
        {
            foreach (var kill in d.Kill)
            {
                Assert.True(oldUp.Remove(kill), $"{kill} killed twice or never old");
                oldDying.Add(kill);
            }

            for (var i = 0; i < d.Launch; i++)
            {
                newPending.Add(new InstanceId($"new{launched++}"));
            }

            Assert.True(oldUp.Count + newReady.Count >= state.MinHealthy, $"healthy {oldUp.Count + newReady.Count} < {state.MinHealthy}");
            Assert.True(oldUp.Count + oldDying.Count + launched <= state.MaxCapacity, $"capacity {oldUp.Count + oldDying.Count + launched} > {state.MaxCapacity}");
        }

        Apply(decision);
        for (var guard = 0; !state.IsDone; guard++)
        {
            Assert.True(guard < 10 * (n + 1), "the replacement does not finish");
            var choices = oldDying.Count + newPending.Count;
            Assert.True(choices > 0, "stuck with nothing left to happen");
            var pick = random.Next(choices);
            if (pick < oldDying.Count)
            {
                var ended = oldDying.ElementAt(pick);
                oldDying.Remove(ended);
                (state, decision) = state.OnOldTerminal(ended);
            }
            else
            {
                var ready = newPending[pick - oldDying.Count];
                newPending.Remove(ready);
                newReady.Add(ready);
                (state, decision) = state.OnNewReady(ready);
            }

            Apply(decision);
        }

        Assert.Equal(n, launched);
        Assert.Empty(oldUp);
        Assert.Empty(oldDying);
    }

    private static OldInstance[] Healthy(params InstanceId[] ids) => ids.Select(id => new OldInstance(id, true)).ToArray();
}
