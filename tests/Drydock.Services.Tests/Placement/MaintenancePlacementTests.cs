using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Placement;
using static Drydock.Services.Tests.Placement.TestOffers;

namespace Drydock.Services.Tests.Placement;

/// <summary>Placement that avoids maintenance over a set of offers (DESIGN.md "Maintenance beyond Mesos" 2).</summary>
public sealed class MaintenancePlacementTests
{
    private static InverseOfferMessage Inverse(OfferMessage offer, TimeSpan fromNow) => new(
        $"inverse-{offer.AgentId}", "framework-1", offer.AgentId, offer.Hostname, offer.AgentIp, 5051, offer.WithWindow(fromNow).Unavailability!);

    [Fact]
    public void Place_InsideAWindow_NeverUsedEvenWhenNothingElseFits()
    {
        var inWindow = Offer("a1").WithWindow(TimeSpan.FromMinutes(-5), TimeSpan.FromHours(1));
        var withOther = Place(App(), 3, [inWindow, Offer("a2")]);
        Assert.All(withOther.Placements, p => Assert.Equal("a2", p.Offer.AgentId));
        Assert.Equal([NoMatchReason.UnfulfilledConstraint, NoMatchReason.AgentMaintenance], withOther.Offers[0].Reasons.ToList());

        var alone = Place(App(), 3, [inWindow]);
        Assert.Empty(alone.Placements);
        Assert.Equal(3, alone.Unplaced);
    }

    [Fact]
    public void Place_DownOrDrainingAgent_NeverUsed()
    {
        var view = new MaintenanceView
        {
            Blocked = [new BlockedMachine(new MachineRef(AgentId: "a1"), AgentBlock.Down), new BlockedMachine(new MachineRef(AgentId: "a2"), AgentBlock.Draining)],
        };
        var result = Place(App(), 2, [Offer("a1"), Offer("a2")], view);
        Assert.Empty(result.Placements);
        Assert.All(result.Offers, o => Assert.True(o.Reasons.Contains(NoMatchReason.AgentMaintenance)));
    }

    [Fact]
    public void Place_NoWindowPreferredThenTheLatestWindow()
    {
        var soon = Offer("soon").WithWindow(TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        var late = Offer("late").WithWindow(TimeSpan.FromDays(3), TimeSpan.FromHours(1));
        var clear = Offer("clear");
        var result = Place(App(), 15, [soon, late, clear]);

        Assert.Equal(["clear", "clear", "clear", "clear", "clear", "late", "late", "late", "late", "late", "soon", "soon", "soon", "soon", "soon"], result.Placements.Select(p => p.Offer.AgentId));
        Assert.Equal(MaintenanceTier.WindowAhead, result.Placements[^1].Standing.Tier);
    }

    [Fact]
    public void Place_InverseOfferOutstanding_AvoidedWhileAnotherFits()
    {
        var due = Offer("a1");
        var view = new MaintenanceView { InverseOffers = [Inverse(due, TimeSpan.FromHours(2))] };
        var result = Place(App(), 1, [due, Offer("a2")], view);

        Assert.Equal("a2", Assert.Single(result.Placements).Offer.AgentId);
        Assert.Equal([NoMatchReason.AgentMaintenance], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_DueMachine_AvoidedEvenBelowAMachineWithAWindow()
    {
        // The next machine of a rolling maintenance has no unavailability yet; a machine with a far window still wins.
        var next = Offer("next");
        var windowed = Offer("windowed").WithWindow(TimeSpan.FromDays(7), TimeSpan.FromHours(1));
        var view = new MaintenanceView { Due = [new DueMachine(new MachineRef(AgentId: "next"), null, "rolling maintenance")] };
        var result = Place(App(), 1, [next, windowed], view);

        Assert.Equal("windowed", Assert.Single(result.Placements).Offer.AgentId);
        Assert.Equal([NoMatchReason.AgentMaintenance], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_NothingElseFits_FallsBackToADueAgentAndSaysWhich()
    {
        var due = Offer("a1");
        var full = Offer("a2", "cpus:0.1;mem:64;ports:[31000-31009]");
        var view = new MaintenanceView { Due = [new DueMachine(new MachineRef(AgentId: "a1"), Now.AddHours(4), "drain of rack r7")] };
        var result = Place(App(), 1, [full, due], view);

        var placement = Assert.Single(result.Placements);
        Assert.Equal("a1", placement.Offer.AgentId);
        Assert.Equal(MaintenanceTier.Avoided, placement.Standing.Tier);
        Assert.Contains("a1", placement.Standing.Note, StringComparison.Ordinal);
        Assert.Contains("drain of rack r7", placement.Standing.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_FallbackAmongDueAgents_LatestStartFirstUnknownLast()
    {
        var view = new MaintenanceView
        {
            Due =
            [
                new DueMachine(new MachineRef(AgentId: "unknown"), null, "plan"),
                new DueMachine(new MachineRef(AgentId: "soon"), Now.AddHours(1), "plan"),
                new DueMachine(new MachineRef(AgentId: "late"), Now.AddHours(9), "plan"),
            ],
        };
        var result = Place(App(), 15, [Offer("unknown"), Offer("soon"), Offer("late")], view);

        Assert.Equal(["late", "soon", "unknown"], result.Placements.Select(p => p.Offer.AgentId).Distinct());
    }

    [Fact]
    public void Place_ConstraintsRuleOutTheClearAgents_DueAgentUsedForTheRest()
    {
        var app = App(constraints: new Constraint("hostname", ConstraintOperator.Unique, null));
        var view = new MaintenanceView { InverseOffers = [Inverse(Offer("a3"), TimeSpan.FromHours(1))] };
        var result = Place(app, 3, [Offer("a1"), Offer("a2"), Offer("a3")], view);

        Assert.Equal(["a1", "a2", "a3"], result.Placements.Select(p => p.Offer.AgentId).Order());
        Assert.Equal("a3", result.Placements[^1].Offer.AgentId);
    }
}
