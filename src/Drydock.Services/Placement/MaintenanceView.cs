using Drydock.Protocol.Scheduler;

namespace Drydock.Services.Placement;

/// <summary>
/// What the scheduler knows of maintenance when it places instances, besides each offer's own
/// <c>unavailability</c>: agents it must never use (<see cref="Blocked"/>), agents for which an inverse offer is
/// outstanding, and machines due from other sources (rolling maintenance, upcoming drains). Immutable; the scheduler
/// builds one per round.
/// </summary>
internal sealed record MaintenanceView
{
    public static MaintenanceView Empty { get; } = new();

    public IReadOnlyList<BlockedMachine> Blocked { get; init; } = [];

    /// <summary>Inverse offers this framework holds and has not answered.</summary>
    public IReadOnlyList<InverseOfferMessage> InverseOffers { get; init; } = [];

    public IReadOnlyList<DueMachine> Due { get; init; } = [];

    /// <summary>
    /// How long before a window's start an agent already counts as inside it (Marathon's <c>--draining_seconds</c>,
    /// default 0).
    /// </summary>
    public TimeSpan DrainingLead { get; init; }
}
