namespace Drydock.Client.Scheduler;

/// <summary><c>RESCIND</c>: the offer is withdrawn; accepting it now fails its tasks with TASK_LOST (or TASK_DROPPED).</summary>
/// <param name="OfferId">The withdrawn offer.</param>
public sealed record OfferRescinded(string OfferId) : SchedulerStreamEvent("RESCIND");
