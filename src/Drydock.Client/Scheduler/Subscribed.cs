namespace Drydock.Client.Scheduler;

/// <summary><c>SUBSCRIBED</c>: the framework's id (new or the one it re-subscribed with) and the master's heartbeat interval.</summary>
/// <param name="FrameworkId">The framework's id.</param>
/// <param name="HeartbeatInterval">How often the master sends HEARTBEAT; zero when it did not say.</param>
/// <param name="MasterId">The master's id, when it sent its <c>master_info</c>.</param>
public sealed record Subscribed(string FrameworkId, TimeSpan HeartbeatInterval, string? MasterId) : SchedulerStreamEvent("SUBSCRIBED");
