namespace Drydock.Services.Apps;

/// <summary>
/// One of an app's <c>healthChecks</c>, with Marathon's defaults filled in. HTTP, HTTPS and TCP are run by the
/// scheduler; MESOS_HTTP, MESOS_HTTPS, MESOS_TCP and COMMAND by the agent beside the task (TaskInfo.health_check).
/// </summary>
internal sealed record HealthCheckDefinition
{
    public HealthCheckProtocol Protocol { get; init; } = HealthCheckProtocol.Http;

    public string? Path { get; init; }

    public int? PortIndex { get; init; }

    public int? Port { get; init; }

    /// <summary>COMMAND: the shell line (<c>command.value</c>).</summary>
    public string? Command { get; init; }

    public int GracePeriodSeconds { get; init; } = 300;

    public int IntervalSeconds { get; init; } = 60;

    public int TimeoutSeconds { get; init; } = 20;

    public int MaxConsecutiveFailures { get; init; } = 3;

    public int DelaySeconds { get; init; } = 15;

    public bool IgnoreHttp1xx { get; init; }

    /// <summary><c>IPv4</c> or <c>IPv6</c>.</summary>
    public string IpProtocol { get; init; } = "IPv4";

    /// <summary>Whether the agent runs it (a Mesos-level check) rather than the scheduler.</summary>
    public bool RunByAgent => Protocol is HealthCheckProtocol.MesosHttp or HealthCheckProtocol.MesosHttps or HealthCheckProtocol.MesosTcp or HealthCheckProtocol.Command;
}

/// <summary>The <c>protocol</c> of a health check, as Marathon names them (<c>MESOS_HTTP</c>, …).</summary>
internal enum HealthCheckProtocol
{
    Http,
    Https,
    Tcp,
    MesosHttp,
    MesosHttps,
    MesosTcp,
    Command,
}
