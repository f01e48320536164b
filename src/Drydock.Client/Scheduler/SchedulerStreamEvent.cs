namespace Drydock.Client.Scheduler;

/// <summary>
/// One event of a framework's subscription (<c>POST /api/v1/scheduler</c> SUBSCRIBE), typed by its <see cref="Type"/>
/// (<c>SUBSCRIBED</c>, <c>OFFERS</c>, <c>UPDATE</c>, …). <see cref="SubscriptionLost"/> is the one event the client
/// makes itself, when a <see cref="SchedulerSession"/> loses its stream.
/// </summary>
/// <param name="Type">The Mesos event type, as on the wire.</param>
public abstract record SchedulerStreamEvent(string Type);
