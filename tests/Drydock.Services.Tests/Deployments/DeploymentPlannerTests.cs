using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Instances;
using static Drydock.Services.Tests.Deployments.TestApps;

namespace Drydock.Services.Tests.Deployments;

public sealed class DeploymentPlannerTests
{
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    [Fact]
    public void Plan_NewApp_StartThenScale()
    {
        var plan = DeploymentPlanner.Plan(Set(), Set(App("/a", 2)), "id-1", T1);

        Assert.Equal(["StartApplication /a", "ScaleApplication /a"], Describe(plan));
        Assert.Equal(2, plan.Steps[1].Actions[0].ScaleTo);
        Assert.Equal([PathId.Parse("/a")], plan.AffectedApps);
    }

    [Fact]
    public void Plan_InstancesOnly_OneScaleStepWithTheNamedInstances()
    {
        var before = App("/a", 2);
        var after = before with { Instances = 1, Version = T1, VersionInfo = new VersionInfo(T1, T0) };
        IReadOnlyList<InstanceId> named = [new InstanceId("a.instance-x")];

        var plan = DeploymentPlanner.Plan(Set(before), Set(after), "id", T1, toKill: new Dictionary<PathId, IReadOnlyList<InstanceId>> { [after.Id] = named });

        Assert.Equal(["ScaleApplication /a"], Describe(plan));
        Assert.Equal(named, plan.Steps[0].Actions[0].InstancesToKill);
    }

    [Fact]
    public void Plan_ConfigChange_Restart()
    {
        var before = App("/a", 2);
        var after = before with { Cmd = "sleep 2", Instances = 3, Version = T1, VersionInfo = new VersionInfo(T1, T1) };

        Assert.Equal(["RestartApplication /a"], Describe(DeploymentPlanner.Plan(Set(before), Set(after), "id", T1)));
    }

    [Fact]
    public void Plan_ScaledToZeroWithConfigChange_Scale()
    {
        var before = App("/a", 2);
        var after = before with { Cmd = "x", Instances = 0, Version = T1, VersionInfo = new VersionInfo(T1, T1) };

        Assert.Equal(["ScaleApplication /a"], Describe(DeploymentPlanner.Plan(Set(before), Set(after), "id", T1)));
    }

    [Fact]
    public void Plan_RestartRequestedOnTheSameDefinition_Restart()
    {
        var app = App("/a", 2);

        var plan = DeploymentPlanner.Plan(Set(app), Set(app), "id", T1, restarts: new HashSet<PathId> { app.Id });

        Assert.Equal(["RestartApplication /a"], Describe(plan));
    }

    [Fact]
    public void Plan_NoChange_Stepless()
    {
        var app = App("/a", 2);

        var plan = DeploymentPlanner.Plan(Set(app), Set(app), "id", T1);

        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.AffectedApps);
    }

    [Fact]
    public void Plan_Delete_OneStopStep()
    {
        Assert.Equal(["StopApplication /a"], Describe(DeploymentPlanner.Plan(Set(App("/a")), Set(), "id", T1)));
    }

    [Fact]
    public void Plan_Dependencies_LayeredByLongestPath()
    {
        // /db <- /api <- /web, and /web also on /db directly: /web is on layer 2 by its longest path.
        var target = Set(App("/db"), App("/api", dependencies: "/db"), App("/web", dependencies: ["/api", "/db"]), App("/cache"));

        var plan = DeploymentPlanner.Plan(Set(), target, "id", T1);

        Assert.Equal(4, plan.Steps.Count);
        Assert.Equal(["/api", "/cache", "/db", "/web"], plan.Steps[0].Actions.Select(a => a.AppId.Value));
        Assert.Equal(["/cache", "/db"], plan.Steps[1].Actions.Select(a => a.AppId.Value));
        Assert.Equal(["/api"], plan.Steps[2].Actions.Select(a => a.AppId.Value));
        Assert.Equal(["/web"], plan.Steps[3].Actions.Select(a => a.AppId.Value));
    }

    [Fact]
    public void Plan_DependencyOnAGroup_StandsForItsApps()
    {
        var target = Set(App("/back/db"), App("/back/queue", dependencies: "/back/db"), App("/front", dependencies: "/back"));

        var plan = DeploymentPlanner.Plan(Set(), target, "id", T1);

        Assert.Equal(["/back/db"], plan.Steps[1].Actions.Select(a => a.AppId.Value));
        Assert.Equal(["/back/queue"], plan.Steps[2].Actions.Select(a => a.AppId.Value));
        Assert.Equal(["/front"], plan.Steps[3].Actions.Select(a => a.AppId.Value));
    }

    [Fact]
    public void Plan_DependencyCycle_DoesNotHangAndIsFound()
    {
        var target = Set(App("/a", dependencies: "/b"), App("/b", dependencies: "/a"));

        var plan = DeploymentPlanner.Plan(Set(), target, "id", T1);

        Assert.Equal(2, plan.Steps.Sum(s => s.Actions.Count(a => a.Kind == DeploymentActionKind.ScaleApplication)));
        Assert.Equal(["/a", "/b", "/a"], DeploymentPlanner.FindDependencyCycle(target)!.Select(p => p.Value));
        Assert.Null(DeploymentPlanner.FindDependencyCycle(Set(App("/a"), App("/b", dependencies: "/a"))));
    }

    [Fact]
    public void Rollback_UndoesCreateDeleteAndChange_OnTheCurrentState()
    {
        var kept = App("/kept", 1);
        var changedBefore = App("/changed", 2);
        var changedAfter = changedBefore with { Cmd = "new", Version = T1, VersionInfo = new VersionInfo(T1, T1) };
        var deleted = App("/deleted");
        var created = App("/created", version: T1);
        var unrelated = App("/unrelated", version: T1);
        var plan = DeploymentPlanner.Plan(Set(kept, changedBefore, deleted), Set(kept, changedAfter, created), "p", T1);

        var rollback = DeploymentPlanner.Rollback(plan, Set(kept, changedAfter, created, unrelated), "r", T1.AddMinutes(1));

        Assert.Equal(["/changed", "/deleted", "/kept", "/unrelated"], rollback.Target.Keys.Select(k => k.Value).Order());
        Assert.Same(changedBefore, rollback.Target[changedBefore.Id]);
        Assert.Contains("StopApplication /created", Describe(rollback));
        Assert.Contains("StartApplication /deleted", Describe(rollback));
        Assert.Contains("RestartApplication /changed", Describe(rollback));
        Assert.DoesNotContain(Describe(rollback), d => d.EndsWith("/unrelated", StringComparison.Ordinal) || d.EndsWith("/kept", StringComparison.Ordinal));
    }

    private static string[] Describe(DeploymentPlan plan) =>
        plan.Steps.SelectMany(s => s.Actions).Select(a => $"{a.Kind} {a.AppId}").ToArray();
}
