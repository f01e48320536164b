namespace Drydock.Client.Scheduler;

/// <summary><c>HEARTBEAT</c>: the master is there; it sends one every heartbeat interval whatever else flows.</summary>
public sealed record HeartbeatReceived() : SchedulerStreamEvent("HEARTBEAT");
