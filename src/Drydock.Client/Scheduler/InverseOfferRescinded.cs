namespace Drydock.Client.Scheduler;

/// <summary><c>RESCIND_INVERSE_OFFER</c>: the inverse offer is withdrawn (its maintenance was cancelled or moved).</summary>
/// <param name="InverseOfferId">The withdrawn inverse offer.</param>
public sealed record InverseOfferRescinded(string InverseOfferId) : SchedulerStreamEvent("RESCIND_INVERSE_OFFER");
