using Drydock.Services.Apps;
using Drydock.Services.Placement;
using static Drydock.Services.Tests.Placement.TestOffers;

namespace Drydock.Services.Tests.Placement;

public sealed class PortTests
{
    private static AppDefinition Required(params int[] ports) => App() with
    {
        RequirePorts = true,
        PortDefinitions = ports.Select(p => new PortDefinition(p)).ToArray(),
    };

    [Fact]
    public void Place_RandomPorts_DependOnTheRandomOnly()
    {
        var offers = new[] { Offer("a1", "cpus:8;mem:8192;ports:[31000-31999]") };
        var first = Place(App(ports: 3), 4, offers, seed: 1).Placements.SelectMany(p => p.Taken.HostPorts).ToArray();
        var again = Place(App(ports: 3), 4, offers, seed: 1).Placements.SelectMany(p => p.Taken.HostPorts).ToArray();
        var other = Place(App(ports: 3), 4, offers, seed: 2).Placements.SelectMany(p => p.Taken.HostPorts).ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(Enumerable.Range(31000, 12), first.Order());
    }

    [Fact]
    public void Place_RandomPorts_ComeFromEveryRangeAndRole()
    {
        var app = App(ports: 1, cpus: 0.01, mem: 1) with { Role = "web" };
        var offer = Offer("a1", "cpus:8;mem:8192;ports:[100-100,200-200];ports(web):[300-300]", role: "web");
        var result = Place(app, 4, [offer]);

        Assert.Equal(3, result.Placements.Count);
        Assert.Equal([100, 200, 300], result.Placements.Select(p => p.Taken.HostPorts[0]).Order());
        var web = result.Placements.Single(p => p.Taken.HostPorts[0] == 300);
        Assert.Equal("web", Assert.Single(web.Taken.Resources, r => r.Name == "ports").Role);
        Assert.Equal([NoMatchReason.InsufficientPorts], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_RandomPortsEveryOneFree_AllTakenOnce()
    {
        var result = Place(App(ports: 10, cpus: 0.01, mem: 1), 1, [Offer("a1", "cpus:1;mem:1024;ports:[31000-31004,31010-31014]")]);
        Assert.Equal(Enumerable.Range(31000, 5).Concat(Enumerable.Range(31010, 5)), Assert.Single(result.Placements).Taken.HostPorts.Order());
    }

    [Fact]
    public void Place_RequiredPorts_ExactlyTheDefinedOnesInOrder()
    {
        var result = Place(Required(31050, 31007), 1, [Offer("a1")]);
        Assert.Equal([31050, 31007], Assert.Single(result.Placements).Taken.HostPorts);
    }

    [Fact]
    public void Place_RequiredPortsMissing_OnlyOffersHoldingThemQualify()
    {
        var result = Place(Required(8080), 1, [Offer("a1"), Offer("a2", "cpus:8;mem:8192;ports:[8000-8100]")]);

        Assert.Equal("a2", Assert.Single(result.Placements).Offer.AgentId);
        Assert.Equal([NoMatchReason.InsufficientPorts], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_RequiredPortTaken_SecondInstanceNeedsAnotherAgent()
    {
        var result = Place(Required(31000), 3, [Offer("a1"), Offer("a2")]);

        Assert.Equal(2, result.Placements.Count);
        Assert.Equal(["a1", "a2"], result.Placements.Select(p => p.Offer.AgentId).Order());
        Assert.Equal(1, result.Unplaced);
    }

    [Fact]
    public void Place_RequirePortsWithPortZero_ThatOneIsRandom()
    {
        var result = Place(Required(31020, 0), 1, [Offer("a1", "cpus:8;mem:8192;ports:[31020-31021]")]);
        Assert.Equal([31020, 31021], Assert.Single(result.Placements).Taken.HostPorts);
    }

    [Fact]
    public void Place_PortsExhausted_InsufficientPorts()
    {
        var result = Place(App(ports: 2), 3, [Offer("a1", "cpus:8;mem:8192;ports:[31000-31002]")]);

        Assert.Single(result.Placements);
        Assert.Equal(2, result.Unplaced);
        Assert.Equal([NoMatchReason.InsufficientPorts], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_NoPortDefinitions_NeedsNoPorts()
    {
        var result = Place(App(ports: 0), 1, [Offer("a1", "cpus:8;mem:8192")]);
        var placement = Assert.Single(result.Placements);
        Assert.Empty(placement.Taken.HostPorts);
        Assert.DoesNotContain(placement.Taken.Resources, r => r.Name == "ports");
    }
}
