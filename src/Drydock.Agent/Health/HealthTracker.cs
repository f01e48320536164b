using Drydock.Protocol.Scheduler;

namespace Drydock.Agent.Health;

/// <summary>
/// The verdicts of one task's health check, as Mesos's health checker reaches them: a failure while the check is still
/// initializing (no success yet) and within <c>grace_period_seconds</c> of the task's start is ignored; any other failure
/// counts and is reported (healthy false), and the one that makes <c>consecutive_failures</c> in a row asks for the kill.
/// A success is reported when it is the first one, or the first after failures. Pure: the caller brings the time.
/// </summary>
internal sealed class HealthTracker(HealthCheckInfo check, DateTimeOffset taskStartedAt, bool? lastReportedHealthy = null)
{
    private readonly TimeSpan _grace = HealthTimes.Seconds(check.GracePeriodSeconds);

    /// <summary>No success yet (a task recovered after it was reported healthy is past that).</summary>
    public bool Initializing { get; private set; } = lastReportedHealthy is not true;

    public int ConsecutiveFailures { get; private set; }

    /// <summary>Records one check's result; returns the update to send, or null when there is none.</summary>
    public HealthUpdate? Record(bool passed, DateTimeOffset now)
    {
        if (passed)
        {
            var report = Initializing || ConsecutiveFailures > 0;
            Initializing = false;
            ConsecutiveFailures = 0;
            return report ? new HealthUpdate(true, 0, false) : null;
        }

        if (Initializing && _grace > TimeSpan.Zero && now - taskStartedAt <= _grace)
        {
            return null;
        }

        ConsecutiveFailures++;
        return new HealthUpdate(false, ConsecutiveFailures, ConsecutiveFailures >= check.ConsecutiveFailures);
    }
}
