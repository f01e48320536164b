using Drydock.Protocol.Scheduler;

namespace Drydock.Services.Placement;

/// <summary>One offer during a round: what is left of it, what the constraints read of it, and how it ranks.</summary>
internal sealed class OfferCandidate(int index, OfferMessage offer, OfferBudget budget, AgentFields fields, string?[] values, MaintenanceStanding standing, (int, long) rank)
{
    public int Index { get; } = index;

    public OfferMessage Offer { get; } = offer;

    public OfferBudget Budget { get; } = budget;

    public AgentFields Fields { get; } = fields;

    /// <summary>The value of each constraint's field on this agent, by rule index.</summary>
    public string?[] Values { get; } = values;

    public MaintenanceStanding Standing { get; } = standing;

    public (int Tier, long LateFirst) Rank { get; } = rank;

    public int Placed { get; set; }

    /// <summary>Why it took no (more) at its last look; empty when it fitted.</summary>
    public ReasonSet Reasons { get; set; }

    /// <summary>Null until checked; reset when the offer gives resources away.</summary>
    public bool? ResourcesFit { get; set; }
}
