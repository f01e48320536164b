using Drydock.Services.Placement;
using static Drydock.Services.Tests.Placement.TestOffers;

namespace Drydock.Services.Tests.Placement;

public sealed class RejectFunnelTests
{
    [Fact]
    public void Summarize_CountsEachOfferUnderItsFirstReason()
    {
        var roleAndCpus = ReasonSet.None.With(NoMatchReason.InsufficientCpus).With(NoMatchReason.UnfulfilledRole);
        var cpusAndPorts = ReasonSet.None.With(NoMatchReason.InsufficientPorts).With(NoMatchReason.InsufficientCpus);
        var steps = RejectFunnel.Summarize(5, [roleAndCpus, cpusAndPorts, cpusAndPorts, ReasonSet.None]);

        Assert.Equal(Enum.GetValues<NoMatchReason>(), steps.Select(s => s.Reason));
        Assert.Equal(new RejectStep(NoMatchReason.UnfulfilledRole, 1, 5), steps[0]);
        Assert.Equal(new RejectStep(NoMatchReason.UnfulfilledConstraint, 0, 4), steps[1]);
        Assert.Equal(new RejectStep(NoMatchReason.InsufficientCpus, 2, 4), steps[4]);
        Assert.Equal(new RejectStep(NoMatchReason.InsufficientMemory, 0, 2), steps[5]);
        Assert.Equal(new RejectStep(NoMatchReason.DeclinedScarceResources, 0, 2), steps[^1]);
    }

    [Fact]
    public void Summarize_FromARound_UnusedOffersOnly()
    {
        var result = Place(App(cpus: 4), 1, [Offer("a1"), Offer("a2", "cpus:1;mem:1024"), Offer("a3", role: "batch")]);
        var unused = result.Offers.Where(o => o.Placed == 0).Select(o => o.Reasons).ToArray();
        var steps = RejectFunnel.Summarize(result.Offers.Count, unused);

        Assert.Equal(1, steps.Single(s => s.Reason == NoMatchReason.UnfulfilledRole).Declined);
        Assert.Equal(1, steps.Single(s => s.Reason == NoMatchReason.InsufficientCpus).Declined);
        Assert.Equal(2, steps.Single(s => s.Reason == NoMatchReason.InsufficientCpus).Processed);
    }

    [Fact]
    public void ReasonSet_ListsInFunnelOrder() =>
        Assert.Equal(
            [NoMatchReason.UnfulfilledConstraint, NoMatchReason.AgentMaintenance, NoMatchReason.InsufficientPorts],
            ReasonSet.None.With(NoMatchReason.InsufficientPorts).With(NoMatchReason.AgentMaintenance).With(NoMatchReason.UnfulfilledConstraint).ToList());
}
