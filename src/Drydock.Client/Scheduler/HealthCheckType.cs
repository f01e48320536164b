namespace Drydock.Client.Scheduler;

/// <summary>How a health check probes the task (Mesos <c>HealthCheck.Type</c>).</summary>
public enum HealthCheckType
{
    /// <summary>Runs <see cref="HealthCheck.Command"/>; exit code 0 is healthy.</summary>
    COMMAND = 1,

    /// <summary>GETs <see cref="HealthCheck.Http"/>; a 2xx or 3xx (or one of its statuses) is healthy.</summary>
    HTTP = 2,

    /// <summary>Connects to <see cref="HealthCheck.Tcp"/>'s port; a connection is healthy.</summary>
    TCP = 3,
}
