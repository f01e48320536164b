using System.Net;

namespace Drydock.Client.Scheduler;

/// <summary>What the master answered to a call: it took it (202 Accepted); its effects arrive as events.</summary>
/// <param name="Type">The call's type (ACCEPT, KILL, …).</param>
/// <param name="Status">The master's status (202).</param>
/// <param name="Master">The master that answered.</param>
public sealed record SchedulerCallResult(string Type, HttpStatusCode Status, Uri Master);
