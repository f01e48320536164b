using Drydock.Protocol.Scheduler;
using Drydock.Services.Placement;
using static Drydock.Services.Tests.Placement.TestOffers;

namespace Drydock.Services.Tests.Placement;

public sealed class MaintenanceRankerTests
{
    private static MaintenanceStanding Classify(OfferMessage offer, MaintenanceView? view = null) =>
        MaintenanceRanker.Classify(offer, view ?? MaintenanceView.Empty, Now);

    private static InverseOfferMessage Inverse(OfferMessage offer, TimeSpan fromNow, TimeSpan? duration = null) => new(
        "inverse-1", "framework-1", offer.AgentId, offer.Hostname, offer.AgentIp, 5051, offer.WithWindow(fromNow, duration).Unavailability!);

    [Fact]
    public void Classify_NoWindow_Clear() => Assert.Equal(MaintenanceStanding.Clear, Classify(Offer("a1")));

    [Theory]
    [InlineData(-60, null)]
    [InlineData(-60, 3600)]
    [InlineData(0, 3600)]
    public void Classify_InsideAWindow_Excluded(int startSeconds, int? durationSeconds)
    {
        var standing = Classify(Offer("a1").WithWindow(TimeSpan.FromSeconds(startSeconds), durationSeconds is { } d ? TimeSpan.FromSeconds(d) : null));
        Assert.Equal(MaintenanceTier.Excluded, standing.Tier);
        Assert.Contains("maintenance window", standing.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_WindowEnded_Clear() =>
        Assert.Equal(MaintenanceTier.Clear, Classify(Offer("a1").WithWindow(TimeSpan.FromHours(-2), TimeSpan.FromHours(1))).Tier);

    [Fact]
    public void Classify_WindowAhead_RankedByItsStart()
    {
        var standing = Classify(Offer("a1").WithWindow(TimeSpan.FromHours(3), TimeSpan.FromHours(1)));
        Assert.Equal(MaintenanceTier.WindowAhead, standing.Tier);
        Assert.Equal(Now + TimeSpan.FromHours(3), standing.WindowStart);
    }

    [Fact]
    public void Classify_WithinTheDrainingLead_Excluded()
    {
        var offer = Offer("a1").WithWindow(TimeSpan.FromMinutes(5));
        Assert.Equal(MaintenanceTier.WindowAhead, Classify(offer).Tier);
        Assert.Equal(MaintenanceTier.Excluded, Classify(offer, new MaintenanceView { DrainingLead = TimeSpan.FromMinutes(10) }).Tier);
    }

    [Theory]
    [InlineData("Down", "DOWN")]
    [InlineData("Deactivated", "deactivated")]
    [InlineData("Draining", "draining")]
    public void Classify_Blocked_Excluded(string why, string said)
    {
        var view = new MaintenanceView { Blocked = [new BlockedMachine(new MachineRef(AgentId: "a1"), Enum.Parse<AgentBlock>(why))] };
        var standing = Classify(Offer("a1"), view);
        Assert.Equal(MaintenanceTier.Excluded, standing.Tier);
        Assert.Contains(said, standing.Note, StringComparison.Ordinal);
        Assert.Equal(MaintenanceTier.Clear, Classify(Offer("a2"), view).Tier);
    }

    [Fact]
    public void Classify_BlockedByHostnameAnyCase_Excluded()
    {
        var view = new MaintenanceView { Blocked = [new BlockedMachine(new MachineRef(Hostname: "A1.EXAMPLE"), AgentBlock.Down)] };
        Assert.Equal(MaintenanceTier.Excluded, Classify(Offer("a1"), view).Tier);
    }

    [Fact]
    public void Classify_InverseOfferOutstanding_Avoided()
    {
        var offer = Offer("a1");
        var standing = Classify(offer, new MaintenanceView { InverseOffers = [Inverse(offer, TimeSpan.FromHours(1))] });
        Assert.Equal(MaintenanceTier.Avoided, standing.Tier);
        Assert.Equal(Now + TimeSpan.FromHours(1), standing.WindowStart);
        Assert.Contains("inverse offer", standing.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_InverseOfferForAWindowBegun_Excluded()
    {
        var offer = Offer("a1");
        Assert.Equal(MaintenanceTier.Excluded, Classify(offer, new MaintenanceView { InverseOffers = [Inverse(offer, TimeSpan.FromMinutes(-1))] }).Tier);
    }

    [Fact]
    public void Classify_DueWithoutUnavailability_Avoided()
    {
        var view = new MaintenanceView { Due = [new DueMachine(new MachineRef(Hostname: "a1.example"), null, "rolling maintenance plan-7")] };
        var standing = Classify(Offer("a1"), view);
        Assert.Equal(MaintenanceTier.Avoided, standing.Tier);
        Assert.Null(standing.WindowStart);
        Assert.Contains("rolling maintenance plan-7", standing.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_DueWithAStartPassed_Excluded()
    {
        var view = new MaintenanceView { Due = [new DueMachine(new MachineRef(Ip: Offer("a1").AgentIp), Now.AddMinutes(-1), "drain")] };
        Assert.Equal(MaintenanceTier.Excluded, Classify(Offer("a1"), view).Tier);
    }

    [Fact]
    public void RankKey_ClearThenLatestWindowThenAvoided()
    {
        var clear = MaintenanceStanding.Clear.RankKey(Now);
        var late = new MaintenanceStanding(MaintenanceTier.WindowAhead, Now.AddDays(2), "x").RankKey(Now);
        var soon = new MaintenanceStanding(MaintenanceTier.WindowAhead, Now.AddHours(1), "x").RankKey(Now);
        var avoidedLate = new MaintenanceStanding(MaintenanceTier.Avoided, Now.AddDays(3), "x").RankKey(Now);
        var avoidedUnknown = new MaintenanceStanding(MaintenanceTier.Avoided, null, "x").RankKey(Now);

        Assert.True(clear.CompareTo(late) < 0);
        Assert.True(late.CompareTo(soon) < 0);
        Assert.True(soon.CompareTo(avoidedLate) < 0);
        Assert.True(avoidedLate.CompareTo(avoidedUnknown) < 0);
    }
}
