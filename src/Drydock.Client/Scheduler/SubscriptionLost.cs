namespace Drydock.Client.Scheduler;

/// <summary>
/// Not a master event: a <see cref="SchedulerSession"/> lost its subscription (the stream ended or broke, no event for
/// the watchdog's span, or the master could not be reached) and subscribes again after <see cref="RetryIn"/>.
/// </summary>
/// <param name="Reason">What happened, for logs.</param>
/// <param name="RetryIn">The wait before the next SUBSCRIBE.</param>
/// <param name="Attempt">How many SUBSCRIBEs in a row have failed or been lost (1 for the first).</param>
public sealed record SubscriptionLost(string Reason, TimeSpan RetryIn, int Attempt) : SchedulerStreamEvent("SUBSCRIPTION_LOST");
