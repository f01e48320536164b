using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Placement;
using static Drydock.Services.Tests.Placement.TestOffers;

namespace Drydock.Services.Tests.Placement;

/// <summary>
/// The placer's priority queue against the rule done the slow way: for every instance, look at every offer and take
/// the best that fits (maintenance rank, then the agent's load, then offer order). Same placements, same ports.
/// </summary>
public sealed class PlacerPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Place_RandomClusters_SameAsScanningEveryOffer(int seed)
    {
        var random = new Random(seed);
        var offers = Enumerable.Range(0, random.Next(1, 40)).Select(i => RandomOffer(random, i)).ToArray();
        var instances = Enumerable.Range(0, random.Next(0, 10)).Select(_ => Running(offers[random.Next(offers.Length)])).ToArray();
        Constraint[] pool =
        [
            new("rack", ConstraintOperator.GroupBy, null),
            new("rack", ConstraintOperator.GroupBy, "3"),
            new("hostname", ConstraintOperator.MaxPer, "3"),
            new("rack", ConstraintOperator.MaxPer, "6"),
            new("hostname", ConstraintOperator.Unique, null),
            new("rack", ConstraintOperator.Cluster, null),
            new("rack", ConstraintOperator.Unlike, "r0"),
        ];
        var app = App(cpus: 0.5, mem: 256, ports: random.Next(0, 3), constraints: pool.Where(_ => random.Next(4) == 0).ToArray());
        var view = new MaintenanceView
        {
            Due = offers.Where(_ => random.Next(6) == 0).Select(o => new DueMachine(new MachineRef(AgentId: o.AgentId), random.Next(2) == 0 ? null : Now.AddHours(random.Next(1, 50)), "plan")).ToArray(),
        };
        var request = new PlacementRequest(app, random.Next(1, 120), offers) { Instances = instances, Maintenance = view, MaxPerOffer = random.Next(1, 6) };

        var fast = Placer.Place(request, Now, new Random(seed));
        var slow = Scan(request, new Random(seed));

        Assert.Equal(slow.Select(p => (p.Offer.Id, string.Join(",", p.Taken.HostPorts))), fast.Placements.Select(p => (p.Offer.Id, string.Join(",", p.Taken.HostPorts))));
    }

    private static OfferMessage RandomOffer(Random random, int i)
    {
        var agent = $"a{random.Next(0, 30):00}";
        var offer = Offer(agent, $"cpus:{random.Next(0, 6)};mem:{random.Next(0, 4) * 512};ports:[31000-{31000 + random.Next(0, 6)}]", $"rack:r{random.Next(0, 4)}") with { Id = $"offer-{i}" };
        return random.Next(5) switch
        {
            0 => offer.WithWindow(TimeSpan.FromHours(random.Next(-3, 72)), TimeSpan.FromHours(2)),
            _ => offer,
        };
    }

    private static List<InstancePlacement> Scan(PlacementRequest request, Random random)
    {
        var demand = ResourceDemand.Of(request.App);
        var rules = request.App.Constraints.Select(c => new ConstraintRule(c)).ToArray();
        var tallies = rules.Select(_ => new ConstraintTally()).ToArray();
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(AgentFields fields, string agent)
        {
            for (var i = 0; i < rules.Length; i++)
            {
                tallies[i].Add(fields.Read(rules[i].Constraint.Field));
            }

            load[agent] = load.GetValueOrDefault(agent) + 1;
        }

        foreach (var instance in request.Instances.Where(i => i.IsActive))
        {
            Count(AgentFields.Of(instance), instance.AgentId!);
        }

        var offers = request.Offers.Select(o => (Offer: o, Budget: new OfferBudget(o, demand), Fields: AgentFields.Of(o), Standing: MaintenanceRanker.Classify(o, request.Maintenance, Now), Placed: new int[1])).ToArray();
        var placements = new List<InstancePlacement>();
        while (placements.Count < request.Count)
        {
            var fitting = offers.Select((o, index) => (o, index)).Where(x =>
                x.o.Offer.Role == demand.Role
                && x.o.Budget.AcceptedRoleOffered
                && x.o.Standing.Tier != MaintenanceTier.Excluded
                && x.o.Placed[0] < request.MaxPerOffer
                && x.o.Budget.Check(demand).IsEmpty
                && rules.Select((r, i) => r.Meets(x.o.Fields.Read(r.Constraint.Field), tallies[i])).All(ok => ok)).ToArray();
            if (fitting.Length == 0)
            {
                break;
            }

            var (best, _) = fitting.MinBy(x => (x.o.Standing.RankKey(Now), load.GetValueOrDefault(x.o.Offer.AgentId), x.index));
            var taken = best.Budget.Take(demand, random);
            best.Placed[0]++;
            placements.Add(new InstancePlacement(best.Offer, taken, best.Fields, best.Standing));
            Count(best.Fields, best.Offer.AgentId);
        }

        return placements;
    }
}
