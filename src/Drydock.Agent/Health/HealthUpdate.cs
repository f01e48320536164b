namespace Drydock.Agent.Health;

/// <summary>
/// A health result worth a status update (Mesos's <c>TaskHealthStatus</c>): the task's health, the failures in a row so
/// far, and whether they reached <c>consecutive_failures</c>, so the task is to be killed.
/// </summary>
internal sealed record HealthUpdate(bool Healthy, int ConsecutiveFailures, bool KillTask);
