namespace Drydock.Client.Scheduler;

/// <summary>An answer's filters (Mesos <c>Filters</c>).</summary>
/// <param name="RefuseSeconds">How long the master offers the declined resources (or agent) to others only; Mesos's default is 5.</param>
public sealed record Filters(double RefuseSeconds);
