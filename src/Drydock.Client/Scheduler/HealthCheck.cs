namespace Drydock.Client.Scheduler;

/// <summary>
/// A task's health check (Mesos <c>HealthCheck</c>). Unset numbers keep Mesos's defaults: delay 15 s, interval 10 s,
/// timeout 20 s, 3 consecutive failures, grace period 10 s. Exactly the payload of <see cref="Type"/> is sent.
/// </summary>
/// <param name="Type">COMMAND, HTTP or TCP.</param>
public sealed record HealthCheck(HealthCheckType Type)
{
    /// <summary>Seconds before the first check (<c>delay_seconds</c>).</summary>
    public double? DelaySeconds { get; init; }

    /// <summary>Seconds between checks (<c>interval_seconds</c>).</summary>
    public double? IntervalSeconds { get; init; }

    /// <summary>Seconds a check may take (<c>timeout_seconds</c>).</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>Failures in a row after which the task is killed (<c>consecutive_failures</c>).</summary>
    public int? ConsecutiveFailures { get; init; }

    /// <summary>Seconds after start during which failures do not count (<c>grace_period_seconds</c>).</summary>
    public double? GracePeriodSeconds { get; init; }

    /// <summary>For <see cref="HealthCheckType.COMMAND"/>: what to run.</summary>
    public CommandInfo? Command { get; init; }

    /// <summary>For <see cref="HealthCheckType.HTTP"/>: what to GET.</summary>
    public HttpHealthCheck? Http { get; init; }

    /// <summary>For <see cref="HealthCheckType.TCP"/>: where to connect.</summary>
    public TcpHealthCheck? Tcp { get; init; }
}
