namespace Drydock.Client.Scheduler;

/// <summary>
/// <c>ERROR</c>: the master ends the subscription for good, for example <c>Framework has been removed</c> after a
/// teardown. Subscribing again with the same framework id gets the same answer; a <see cref="SchedulerSession"/> stops.
/// </summary>
/// <param name="Message">The master's reason, verbatim.</param>
public sealed record MasterError(string Message) : SchedulerStreamEvent("ERROR");
