using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using static Drydock.Services.Tests.Deployments.TestApps;

namespace Drydock.Services.Tests.Deployments;

public sealed class DeploymentBookTests
{
    [Fact]
    public void TryStart_OverlappingWithoutForce_LockedWithTheConflictingIdsAndBookUnchanged()
    {
        var book = Start(DeploymentBook.Empty, Create("d1", "/a"));

        var result = book.TryStart(Create("d2", "/a", "/b"), force: false);

        Assert.False(result.Started);
        Assert.Equal(["d1"], result.LockedBy);
        Assert.Equal(["d1"], book.Running.Select(d => d.Id));
        Assert.Equal(["d1"], book.LockedBy(PathId.Parse("/a")));
        Assert.Empty(book.LockedBy(PathId.Parse("/b")));
    }

    [Fact]
    public void TryStart_OverlappingWithForce_CancelsTheConflictingOnesOnly()
    {
        var book = Start(Start(Start(DeploymentBook.Empty, Create("d1", "/a")), Create("d2", "/b")), Create("d3", "/c"));

        var result = book.TryStart(Create("d4", "/a", "/b"), force: true);

        Assert.True(result.Started);
        Assert.Equal(["d1", "d2"], result.Cancelled.Select(d => d.Id));
        Assert.Equal(["d3", "d4"], result.Book!.Running.Select(d => d.Id));
        Assert.Equal(["d4"], result.Book.LockedBy(PathId.Parse("/a")));
    }

    [Fact]
    public void TryStart_AtTheMaximum_TooManyUnlessForced()
    {
        var book = DeploymentBook.Empty;
        for (var i = 0; i < 3; i++)
        {
            book = Start(book, Create($"d{i}", $"/app{i}"));
        }

        var refused = book.TryStart(Create("x", "/other"), force: false, maxRunning: 3);
        var forced = book.TryStart(Create("x", "/other"), force: true, maxRunning: 3);

        Assert.True(refused.TooMany);
        Assert.False(refused.Started);
        Assert.True(forced.Started);
        Assert.Equal(4, forced.Book!.Running.Count);
    }

    [Fact]
    public void TryStart_SteplessPlan_NeverConflicts()
    {
        var app = App("/a");
        var book = Start(DeploymentBook.Empty, Create("d1", "/a"));

        var result = book.TryStart(DeploymentPlanner.Plan(Set(app), Set(app), "d2", T0), force: false);

        Assert.True(result.Started);
    }

    [Fact]
    public void WithStepAndWithout_FollowTheDeploymentAndIgnoreUnknownIds()
    {
        var book = Start(DeploymentBook.Empty, Create("d1", "/a"));

        var onStep = book.WithStep("d1", 2);

        Assert.Equal(2, onStep.Find("d1")!.CurrentStep);
        Assert.Equal(DeploymentActionKind.ScaleApplication, onStep.Find("d1")!.CurrentActions[0].Kind);
        Assert.Equal(0, book.Find("d1")!.CurrentStep);
        Assert.Same(onStep, onStep.WithStep("nope", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.WithStep("d1", 3));
        Assert.Null(onStep.Without("d1").Find("d1"));
        Assert.Same(onStep, onStep.Without("nope"));
    }

    [Fact]
    public void Messages_AreMarathons()
    {
        Assert.StartsWith("Max number (100) of running deployments is achieved. Wait for existing deployments to complete or cancelusing force=true", DeploymentMessages.TooMany(100), StringComparison.Ordinal);
        Assert.Equal("DeploymentPlan abc does not exist", DeploymentMessages.NotFound("abc"));
        Assert.Equal("The upgrade has been cancelled", DeploymentMessages.Cancelled);
    }

    private static DeploymentPlan Create(string id, params string[] apps) =>
        DeploymentPlanner.Plan(Set(), Set(apps.Select(a => App(a, 1)).ToArray()), id, T0);

    private static DeploymentBook Start(DeploymentBook book, DeploymentPlan plan) => book.TryStart(plan, force: false).Book!;
}
