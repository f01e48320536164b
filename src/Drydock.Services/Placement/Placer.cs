using Drydock.Services.Instances;

namespace Drydock.Services.Placement;

/// <summary>
/// Places the instances of one app over the offers held, one instance at a time: each goes to the best offer it fits
/// (resources of its roles, constraints against the instances placed so far and in this round), where best is the
/// maintenance rank (<see cref="MaintenanceRanker"/>), then the agent holding the fewest of the app's instances, then
/// the order the offers came in. Pure: the clock is <c>now</c>, the randomness (host ports) the given
/// <see cref="Random"/>. A round costs O(instances × offers × constraints): an offer that cannot fit (role, static
/// constraint, maintenance, resources, the per-offer cap) is dropped at once, since every instance of the app asks the
/// same and offers only shrink.
/// </summary>
internal static class Placer
{
    public static PlacementResult Place(PlacementRequest request, DateTimeOffset now, Random random)
    {
        var demand = ResourceDemand.Of(request.App);
        var rules = request.App.Constraints.Select(c => new ConstraintRule(c)).ToArray();
        var tallies = rules.Select(_ => new ConstraintTally()).ToArray();
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var instance in request.Instances.Where(Counts))
        {
            Count(AgentFields.Of(instance), instance.AgentId, rules, tallies, load);
        }

        var candidates = request.Offers.Select((offer, index) => Candidate(offer, index, request, demand, rules, now)).ToArray();
        var live = candidates.Where(c => c.Reasons.IsEmpty).ToList();
        var maxPerOffer = Math.Max(0, request.MaxPerOffer);
        if (maxPerOffer == 0)
        {
            live.Clear();
        }

        var placements = new List<InstancePlacement>();
        var wanted = Math.Max(0, request.Count);
        while (placements.Count < wanted)
        {
            var best = Best(live, demand, rules, tallies, load);
            if (best is null)
            {
                break;
            }

            var taken = best.Budget.Take(demand, random);
            best.Placed++;
            best.ResourcesFit = null;
            placements.Add(new InstancePlacement(best.Offer, taken, best.Fields, best.Standing));
            Count(best.Fields, best.Offer.AgentId, rules, tallies, load);
            if (best.Placed >= maxPerOffer)
            {
                live.Remove(best);
            }
        }

        var outcomes = candidates.Select(c => new OfferOutcome(c.Offer, c.Placed, Unused(c), c.Standing)).ToArray();
        return new PlacementResult(placements, outcomes, wanted - placements.Count);
    }

    /// <summary>Launched and not terminal, and not given up as unreachable: the instances constraints count.</summary>
    private static bool Counts(Instance instance) => instance.IsActive && !instance.UnreachableInactive;

    private static void Count(AgentFields fields, string? agentId, ConstraintRule[] rules, ConstraintTally[] tallies, Dictionary<string, int> load)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            tallies[i].Add(fields.Read(rules[i].Constraint.Field));
        }

        if (agentId is not null)
        {
            load[agentId] = load.GetValueOrDefault(agentId) + 1;
        }
    }

    /// <summary>The offer as the round starts: every reason that already rules it out for good, or none.</summary>
    private static OfferCandidate Candidate(Protocol.Scheduler.OfferMessage offer, int index, PlacementRequest request, ResourceDemand demand, ConstraintRule[] rules, DateTimeOffset now)
    {
        var budget = new OfferBudget(offer, demand);
        var fields = AgentFields.Of(offer);
        var values = rules.Select(r => fields.Read(r.Constraint.Field)).ToArray();
        var standing = MaintenanceRanker.Classify(offer, request.Maintenance, now);
        var reasons = ReasonSet.None;
        if (offer.Role != demand.Role || !budget.AcceptedRoleOffered)
        {
            reasons = reasons.With(NoMatchReason.UnfulfilledRole);
        }

        var empty = new ConstraintTally();
        for (var i = 0; i < rules.Length; i++)
        {
            if (rules[i].IsStatic && !rules[i].Meets(values[i], empty))
            {
                reasons = reasons.With(NoMatchReason.UnfulfilledConstraint);
            }
        }

        if (standing.Tier == MaintenanceTier.Excluded)
        {
            // Marathon records both for an offer inside a window.
            reasons = reasons.With(NoMatchReason.UnfulfilledConstraint).With(NoMatchReason.AgentMaintenance);
        }

        reasons = reasons.With(budget.Check(demand));
        return new OfferCandidate(index, offer, budget, fields, values, standing, standing.RankKey(now)) { Reasons = reasons, ResourcesFit = reasons.IsEmpty ? true : null };
    }

    private static OfferCandidate? Best(List<OfferCandidate> live, ResourceDemand demand, ConstraintRule[] rules, ConstraintTally[] tallies, Dictionary<string, int> load)
    {
        OfferCandidate? best = null;
        var bestLoad = 0;
        for (var at = live.Count - 1; at >= 0; at--)
        {
            var candidate = live[at];
            if (candidate.ResourcesFit is null)
            {
                var shortOf = candidate.Budget.Check(demand);
                candidate.ResourcesFit = shortOf.IsEmpty;
                if (!shortOf.IsEmpty)
                {
                    candidate.Reasons = shortOf;
                    live.RemoveAt(at);
                    continue;
                }
            }

            if (!MeetsDynamic(candidate, rules, tallies))
            {
                candidate.Reasons = ReasonSet.None.With(NoMatchReason.UnfulfilledConstraint);
                continue;
            }

            candidate.Reasons = ReasonSet.None;
            var agentLoad = load.GetValueOrDefault(candidate.Offer.AgentId);
            if (best is null || Better(candidate, agentLoad, best, bestLoad))
            {
                best = candidate;
                bestLoad = agentLoad;
            }
        }

        return best;
    }

    private static bool MeetsDynamic(OfferCandidate candidate, ConstraintRule[] rules, ConstraintTally[] tallies)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            if (!rules[i].IsStatic && !rules[i].Meets(candidate.Values[i], tallies[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Better(OfferCandidate a, int aLoad, OfferCandidate b, int bLoad) =>
        a.Rank.CompareTo(b.Rank) is var byRank && byRank != 0 ? byRank < 0
        : aLoad != bLoad ? aLoad < bLoad
        : a.Index < b.Index;

    /// <summary>An avoided offer that still fitted went unused for maintenance; say so.</summary>
    private static ReasonSet Unused(OfferCandidate candidate) =>
        candidate.Placed == 0 && candidate.Reasons.IsEmpty && candidate.Standing.Tier == MaintenanceTier.Avoided
            ? ReasonSet.None.With(NoMatchReason.AgentMaintenance)
            : candidate.Reasons;
}
