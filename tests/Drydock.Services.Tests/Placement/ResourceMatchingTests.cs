using Drydock.Protocol.Resources;
using Drydock.Services.Placement;
using static Drydock.Services.Tests.Placement.TestOffers;

namespace Drydock.Services.Tests.Placement;

public sealed class ResourceMatchingTests
{
    private static double Amount(InstancePlacement placement, string name, string role = "*") =>
        placement.Taken.Resources.Where(r => r.Name == name && r.Role == role).Sum(r => r.Value.Scalar);

    [Fact]
    public void Place_OfferFits_TakesWhatTheInstanceAsksFor()
    {
        var app = App(cpus: 1.5, mem: 256, ports: 2) with { Disk = 10 };
        var result = Place(app, 1, [Offer("a1")]);

        var placement = Assert.Single(result.Placements);
        Assert.Equal(1.5, Amount(placement, "cpus"));
        Assert.Equal(256, Amount(placement, "mem"));
        Assert.Equal(10, Amount(placement, "disk"));
        Assert.Equal(2, placement.Taken.HostPorts.Distinct().Count());
        Assert.All(placement.Taken.HostPorts, p => Assert.InRange(p, 31000, 31099));
        var ports = Assert.Single(placement.Taken.Resources, r => r.Name == "ports");
        Assert.Equal(2, ports.Value.Ranges.Sum(r => r.End - r.Begin + 1));
        Assert.Equal(0, result.Unplaced);
    }

    [Fact]
    public void Place_ShortOfCpusAndMemory_SaysBoth()
    {
        var result = Place(App(cpus: 1, mem: 128), 1, [Offer("a1", "cpus:0.5;mem:64;disk:100;ports:[31000-31009]")]);

        Assert.Empty(result.Placements);
        Assert.Equal(1, result.Unplaced);
        Assert.Equal([NoMatchReason.InsufficientCpus, NoMatchReason.InsufficientMemory], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_ShortOfDisk_InsufficientDisk()
    {
        var result = Place(App() with { Disk = 500 }, 1, [Offer("a1", "cpus:2;mem:1024;disk:100;ports:[31000-31009]")]);
        Assert.Equal([NoMatchReason.InsufficientDisk], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_ScalarsInThousandths_TenthsAddUpExactly()
    {
        var result = Place(App(cpus: 0.1, mem: 0.1, ports: 0), 5, [Offer("a1", "cpus:0.3;mem:0.3")], maxPerOffer: 10);
        Assert.Equal(3, result.Placements.Count);
        Assert.Equal([NoMatchReason.InsufficientCpus, NoMatchReason.InsufficientMemory], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_OfferAllocatedToAnotherRole_UnfulfilledRole()
    {
        var result = Place(App(), 1, [Offer("a1", role: "batch")]);
        Assert.Empty(result.Placements);
        Assert.Equal([NoMatchReason.UnfulfilledRole], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_ReservedForTheAppsRole_TakenBeforeTheSharedPool()
    {
        var app = App(cpus: 1.5, ports: 0) with { Role = "web" };
        var result = Place(app, 1, [Offer("a1", "cpus(web):1;cpus:4;mem:1024", role: "web")]);

        var placement = Assert.Single(result.Placements);
        Assert.Equal(1, Amount(placement, "cpus", "web"));
        Assert.Equal(0.5, Amount(placement, "cpus"));
        Assert.Equal(128, Amount(placement, "mem"));
    }

    [Fact]
    public void Place_AcceptedRolesOnlyShared_ReservedResourcesNotCounted()
    {
        var app = App(cpus: 2, ports: 0) with { Role = "web", AcceptedResourceRoles = ["*"] };
        var mixed = Place(app, 1, [Offer("a1", "cpus(web):4;cpus:1;mem:1024", role: "web")]);
        Assert.Equal([NoMatchReason.InsufficientCpus], mixed.Offers[0].Reasons.ToList());

        var reservedOnly = Place(app, 1, [Offer("a1", "cpus(web):4;mem(web):1024", role: "web")]);
        Assert.True(reservedOnly.Offers[0].Reasons.Contains(NoMatchReason.UnfulfilledRole));
    }

    [Fact]
    public void Place_ReservedForAnotherRole_NeverTaken()
    {
        var app = App(cpus: 1, ports: 0) with { Role = "web" };
        var result = Place(app, 1, [Offer("a1", "cpus(batch):4;cpus:0.5;mem:1024", role: "web")]);
        Assert.Equal([NoMatchReason.InsufficientCpus], result.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_SeveralInstancesOnOneOffer_UpToTheCap()
    {
        var offer = Offer("a1");
        var capped = Place(App(), 12, [offer]);
        Assert.Equal(5, capped.Placements.Count);
        Assert.Equal(7, capped.Unplaced);
        Assert.Equal(5, capped.Offers[0].Placed);

        var byCpus = Place(App(), 12, [offer], maxPerOffer: 20);
        Assert.Equal(8, byCpus.Placements.Count);
        Assert.Equal([NoMatchReason.InsufficientCpus], byCpus.Offers[0].Reasons.ToList());
    }

    [Fact]
    public void Place_SeveralInstancesOnOneOffer_EachConsumesWhatItTakes()
    {
        var result = Place(App(cpus: 1, ports: 3), 5, [Offer("a1")]);

        var ports = result.Placements.SelectMany(p => p.Taken.HostPorts).ToArray();
        Assert.Equal(15, ports.Distinct().Count());
        var taken = result.Placements.SelectMany(p => p.Taken.Resources).ToArray();
        Assert.True(ResourceMath.Contains(Offer("a1").Resources, ResourceMath.Merge(taken)));
    }

    [Fact]
    public void Place_ZeroPerOffer_PlacesNothing() =>
        Assert.Empty(Place(App(), 3, [Offer("a1")], maxPerOffer: 0).Placements);

    [Fact]
    public void Place_NoOffers_AllUnplaced()
    {
        var result = Place(App(), 3, []);
        Assert.Equal(3, result.Unplaced);
        Assert.Empty(result.Offers);
    }

    [Fact]
    public void Place_HostileAmounts_FitNowhere()
    {
        var result = Place(App(cpus: double.PositiveInfinity, mem: double.NaN), 1, [Offer("a1")]);
        Assert.Empty(result.Placements);
        Assert.True(result.Offers[0].Reasons.Contains(NoMatchReason.InsufficientCpus));
        Assert.True(result.Offers[0].Reasons.Contains(NoMatchReason.InsufficientMemory));
    }
}
