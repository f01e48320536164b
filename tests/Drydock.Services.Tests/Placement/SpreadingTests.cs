using Drydock.Services.Apps;
using Drydock.Services.Placement;
using static Drydock.Services.Tests.Placement.TestOffers;

namespace Drydock.Services.Tests.Placement;

/// <summary>Instances spread across agents, and constraints counted across one round.</summary>
public sealed class SpreadingTests
{
    [Fact]
    public void Place_EqualOffers_LeastLoadedFirst()
    {
        var result = Place(App(), 6, [Offer("a1"), Offer("a2"), Offer("a3")]);

        Assert.Equal(["a1", "a2", "a3", "a1", "a2", "a3"], result.Placements.Select(p => p.Offer.AgentId));
    }

    [Fact]
    public void Place_ExistingInstancesCountAsLoad()
    {
        var a1 = Offer("a1");
        var running = new[] { Running(a1), Running(a1), Running(Offer("a2")) };
        var result = Place(App(), 3, [a1, Offer("a2"), Offer("a3")], instances: running);

        Assert.Equal(["a3", "a2", "a3"], result.Placements.Select(p => p.Offer.AgentId));
    }

    [Fact]
    public void Place_TerminalInstances_CountForNothing()
    {
        var a1 = Offer("a1");
        var gone = Running(a1) with { State = Instances.TaskStates.Failed };
        var inactive = Running(a1) with { UnreachableInactive = true };
        var app = App(constraints: new Constraint("hostname", ConstraintOperator.Unique, null));
        Assert.Equal("a1", Assert.Single(Place(app, 1, [a1], instances: [gone, inactive]).Placements).Offer.AgentId);
    }

    [Fact]
    public void Place_TwoOffersFromOneAgent_LoadIsTheAgents()
    {
        var first = Offer("a1");
        var second = first with { Id = "offer-a1-b" };
        var result = Place(App(), 3, [first, second, Offer("a2")]);

        Assert.Equal(2, result.PerAgent()["a1"]);
        Assert.Equal(1, result.PerAgent()["a2"]);
    }

    [Fact]
    public void Place_ThousandInstancesOverHundredOffers_TenEach()
    {
        var offers = Enumerable.Range(0, 100).Select(i => Offer($"a{i:000}", "cpus:16;mem:65536;disk:100000;ports:[31000-32000]", $"rack:r{i % 10}")).ToArray();
        var app = App(cpus: 0.1, mem: 64, ports: 2, constraints: new Constraint("rack", ConstraintOperator.GroupBy, "10"));
        var result = Place(app, 1000, offers, maxPerOffer: 10);

        Assert.Equal(1000, result.Placements.Count);
        Assert.All(result.PerAgent().Values, count => Assert.Equal(10, count));
        Assert.All(result.Placements.GroupBy(p => p.Agent.Read("rack")), g => Assert.Equal(100, g.Count()));
    }

    [Fact]
    public void Place_UniqueHostname_OnePerAgentAcrossTheRound()
    {
        var app = App(constraints: new Constraint("hostname", ConstraintOperator.Unique, null));
        var result = Place(app, 4, [Offer("a1"), Offer("a2"), Offer("a3")], instances: [Running(Offer("a2"))]);

        Assert.Equal(["a1", "a3"], result.Placements.Select(p => p.Offer.AgentId).Order());
        Assert.Equal(2, result.Unplaced);
        Assert.Equal([NoMatchReason.UnfulfilledConstraint], result.Offers[1].Reasons.ToList());
    }

    [Fact]
    public void Place_ClusterWithoutValue_FollowsTheFirstInstance()
    {
        var app = App(constraints: new Constraint("rack", ConstraintOperator.Cluster, null));
        var offers = new[] { Offer("a1", attributes: "rack:r1"), Offer("a2", attributes: "rack:r2"), Offer("a3", attributes: "rack:r2") };

        var fresh = Place(app, 3, offers);
        Assert.All(fresh.Placements, p => Assert.Equal("r1", p.Agent.Read("rack")));

        var following = Place(app, 3, offers, instances: [Running(offers[1])]);
        Assert.All(following.Placements, p => Assert.Equal("r2", p.Agent.Read("rack")));
        Assert.Equal(3, following.Placements.Count);
    }

    [Fact]
    public void Place_GroupBy_SpreadsEvenlyOverRacks()
    {
        var app = App(constraints: new Constraint("rack", ConstraintOperator.GroupBy, null));
        var offers = new[] { Offer("a1", attributes: "rack:r1"), Offer("a2", attributes: "rack:r1"), Offer("a3", attributes: "rack:r2") };
        var result = Place(app, 4, offers);

        Assert.Equal(2, result.Placements.Count(p => p.Agent.Read("rack") == "r1"));
        Assert.Equal(2, result.Placements.Count(p => p.Agent.Read("rack") == "r2"));
    }

    [Fact]
    public void Place_MaxPer_StopsAtTheLimit()
    {
        var app = App(constraints: new Constraint("rack", ConstraintOperator.MaxPer, "2"));
        var result = Place(app, 5, [Offer("a1", attributes: "rack:r1"), Offer("a2", attributes: "rack:r1"), Offer("a3", attributes: "rack:r2")]);

        Assert.Equal(4, result.Placements.Count);
        Assert.Equal(1, result.Unplaced);
    }

    [Fact]
    public void Place_MissingAttribute_RefusedExceptByUnlike()
    {
        var offers = new[] { Offer("a1"), Offer("a2", attributes: "rack:r9") };
        var like = Place(App(constraints: new Constraint("rack", ConstraintOperator.Like, "r.*")), 1, offers);
        Assert.Equal("a2", Assert.Single(like.Placements).Offer.AgentId);
        Assert.Equal([NoMatchReason.UnfulfilledConstraint], like.Offers[0].Reasons.ToList());

        var unlike = Place(App(constraints: new Constraint("rack", ConstraintOperator.Unlike, "r9")), 2, offers);
        Assert.Equal(2, unlike.Placements.Count);
        Assert.All(unlike.Placements, p => Assert.Equal("a1", p.Offer.AgentId));
    }

    [Fact]
    public void Place_RegionAndZone_FromTheOffersDomain()
    {
        var offers = new[]
        {
            Offer("a1") with { Domain = new Protocol.Scheduler.FaultDomain("eu", "eu-1a") },
            Offer("a2") with { Domain = new Protocol.Scheduler.FaultDomain("eu", "eu-1b") },
            Offer("a3") with { Domain = new Protocol.Scheduler.FaultDomain("us", "us-1a") },
            Offer("a4"),
        };
        var app = App(constraints: [new Constraint("@region", ConstraintOperator.Is, "eu"), new Constraint("@zone", ConstraintOperator.Unique, null)]);
        var result = Place(app, 4, offers);

        Assert.Equal(["a1", "a2"], result.Placements.Select(p => p.Offer.AgentId).Order());
        Assert.Equal("eu-1a", result.Placements.Single(p => p.Offer.AgentId == "a1").Agent.Zone);
        Assert.True(result.Offers[3].Reasons.Contains(NoMatchReason.UnfulfilledConstraint));
    }

    [Fact]
    public void Place_IsOnAScalarAttribute_ComparedAsMesosFormatsIt()
    {
        var app = App(constraints: new Constraint("cores", ConstraintOperator.Is, "8.0"));
        var result = Place(app, 1, [Offer("a1", attributes: "cores:4"), Offer("a2", attributes: "cores:8")]);
        Assert.Equal("a2", Assert.Single(result.Placements).Offer.AgentId);
    }
}
