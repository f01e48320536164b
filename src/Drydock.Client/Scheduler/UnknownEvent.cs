namespace Drydock.Client.Scheduler;

/// <summary>An event of a type this client does not know (a newer master's): kept as its JSON, so a caller can read it.</summary>
/// <param name="Type">The event's type as sent (empty when it had none).</param>
/// <param name="Json">The whole event as JSON text.</param>
public sealed record UnknownEvent(string Type, string Json) : SchedulerStreamEvent(Type);
