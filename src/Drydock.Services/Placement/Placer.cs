using Drydock.Services.Instances;

namespace Drydock.Services.Placement;

/// <summary>
/// Places the instances of one app over the offers held, one instance at a time: each goes to the best offer it fits
/// (resources of its roles, constraints against the instances placed so far and in this round), where best is the
/// maintenance rank (<see cref="MaintenanceRanker"/>), then the agent holding the fewest of the app's instances, then
/// the order the offers came in. Pure: the clock is <c>now</c>, the randomness (host ports) the given
/// <see cref="Random"/>. The offers wait in a priority queue by that key, so an instance usually costs O(log offers);
/// an offer that cannot fit (role, static constraint, maintenance, resources, the per-offer cap, UNIQUE/MAX_PER/CLUSTER)
/// leaves the queue for good, since every instance of the app asks the same and offers only shrink. Only offers GROUP_BY
/// refuses for now are looked at again for every instance.
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
        var maxPerOffer = Math.Max(0, request.MaxPerOffer);
        var queue = new PriorityQueue<OfferCandidate, (int Tier, long LateFirst, int Load, int Index)>();
        foreach (var candidate in candidates)
        {
            if (candidate.Reasons.IsEmpty && maxPerOffer > 0)
            {
                queue.Enqueue(candidate, Key(candidate, load));
            }
        }

        var placements = new List<InstancePlacement>();
        var wanted = Math.Max(0, request.Count);
        while (placements.Count < wanted)
        {
            var best = Next(queue, demand, rules, tallies, load);
            if (best is null)
            {
                break;
            }

            var taken = best.Budget.Take(demand, random);
            best.Placed++;
            best.ResourcesFit = null;
            placements.Add(new InstancePlacement(best.Offer, taken, best.Fields, best.Standing));
            Count(best.Fields, best.Offer.AgentId, rules, tallies, load);
            if (best.Placed < maxPerOffer)
            {
                queue.Enqueue(best, Key(best, load));
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

    /// <summary>
    /// The best offer the next instance fits, taken off the queue. Keys hold the agent's load when they were queued;
    /// load only grows, so a key is never above the truth: one found stale is queued again with its load now, and the
    /// first that is current and fits is the best of all. An offer that no longer fits, or that a constraint refuses for
    /// good, stays off the queue; one GROUP_BY refuses for now goes back once the instance is placed.
    /// </summary>
    private static OfferCandidate? Next(PriorityQueue<OfferCandidate, (int Tier, long LateFirst, int Load, int Index)> queue, ResourceDemand demand, ConstraintRule[] rules, ConstraintTally[] tallies, Dictionary<string, int> load)
    {
        List<OfferCandidate>? later = null;
        OfferCandidate? found = null;
        while (queue.TryDequeue(out var candidate, out var key))
        {
            if (key.Load != load.GetValueOrDefault(candidate.Offer.AgentId))
            {
                queue.Enqueue(candidate, Key(candidate, load));
                continue;
            }

            if (candidate.ResourcesFit is null)
            {
                var shortOf = candidate.Budget.Check(demand);
                candidate.ResourcesFit = shortOf.IsEmpty;
                if (!shortOf.IsEmpty)
                {
                    candidate.Reasons = shortOf;
                    continue;
                }
            }

            if (Refusing(candidate, rules, tallies) is { } rule)
            {
                candidate.Reasons = ReasonSet.None.With(NoMatchReason.UnfulfilledConstraint);
                if (!rule.RefusesForGood)
                {
                    (later ??= []).Add(candidate);
                }

                continue;
            }

            candidate.Reasons = ReasonSet.None;
            found = candidate;
            break;
        }

        foreach (var candidate in later ?? [])
        {
            queue.Enqueue(candidate, Key(candidate, load));
        }

        return found;
    }

    private static (int Tier, long LateFirst, int Load, int Index) Key(OfferCandidate candidate, Dictionary<string, int> load) =>
        (candidate.Rank.Tier, candidate.Rank.LateFirst, load.GetValueOrDefault(candidate.Offer.AgentId), candidate.Index);

    /// <summary>The first dynamic rule that refuses the offer now, or null when all accept it.</summary>
    private static ConstraintRule? Refusing(OfferCandidate candidate, ConstraintRule[] rules, ConstraintTally[] tallies)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            if (!rules[i].IsStatic && !rules[i].Meets(candidate.Values[i], tallies[i]))
            {
                return rules[i];
            }
        }

        return null;
    }

    /// <summary>An avoided offer that still fitted went unused for maintenance; say so.</summary>
    private static ReasonSet Unused(OfferCandidate candidate) =>
        candidate.Placed == 0 && candidate.Reasons.IsEmpty && candidate.Standing.Tier == MaintenanceTier.Avoided
            ? ReasonSet.None.With(NoMatchReason.AgentMaintenance)
            : candidate.Reasons;
}
