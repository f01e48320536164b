using System.Globalization;

namespace Drydock.Protocol.Scheduler;

/// <summary>
/// A task's <c>health_check</c> (Mesos <c>HealthCheck</c>), with mesos.proto's defaults: delay 15 s, interval 10 s,
/// timeout 20 s (0 means none), 3 consecutive failures, grace period 10 s. Marathon's MESOS_HTTP, MESOS_TCP and COMMAND
/// checks become these.
/// </summary>
public sealed record HealthCheckInfo
{
    /// <summary><c>type</c>: COMMAND, HTTP or TCP (anything else fails <see cref="Validate"/>); null when absent.</summary>
    public string? Type { get; init; }

    public double DelaySeconds { get; init; } = 15;

    public double IntervalSeconds { get; init; } = 10;

    public double TimeoutSeconds { get; init; } = 20;

    public long ConsecutiveFailures { get; init; } = 3;

    public double GracePeriodSeconds { get; init; } = 10;

    /// <summary><c>command.value</c> of a COMMAND check: a line for <c>sh -c</c> (shell) or the executable.</summary>
    public string? Command { get; init; }

    /// <summary>Whether <c>command</c> was given at all (Mesos tells a missing command from one without a value).</summary>
    public bool HasCommand { get; init; }

    public bool Shell { get; init; } = true;

    /// <summary>argv of a non-shell command, <c>argv[0]</c> included.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether <c>http</c> was given (an HTTP check needs it).</summary>
    public bool HasHttp { get; init; }

    /// <summary><c>http.scheme</c>; null means <c>http</c>.</summary>
    public string? Scheme { get; init; }

    /// <summary><c>http.path</c>; null means none.</summary>
    public string? Path { get; init; }

    /// <summary>Whether <c>tcp</c> was given (a TCP check needs it).</summary>
    public bool HasTcp { get; init; }

    /// <summary><c>http.port</c> or <c>tcp.port</c>, whichever the type uses.</summary>
    public long Port { get; init; }

    /// <summary><c>http.protocol</c> or <c>tcp.protocol</c>: IPv4 (the default) or IPv6, the loopback address checked.</summary>
    public bool IPv6 { get; init; }

    /// <summary>Why Mesos would refuse the check (its validation's words and order), or null when it is valid.</summary>
    public string? Validate()
    {
        switch (Type)
        {
            case null:
                return "HealthCheck must specify 'type'";
            case "COMMAND" when !HasCommand:
                return "Expecting 'command' to be set for COMMAND health check";
            case "COMMAND" when string.IsNullOrEmpty(Command):
                return "Command health check must contain " + (Shell ? "'shell command'" : "'executable path'");
            case "HTTP" when !HasHttp:
                return "Expecting 'http' to be set for HTTP health check";
            case "HTTP" when Scheme is not null and not "http" and not "https":
                return $"Unsupported HTTP health check scheme: '{Scheme}'";
            case "HTTP" when Path is not null && !Path.StartsWith('/'):
                return $"The path '{Path}' of HTTP health check must start with '/'";
            case "TCP" when !HasTcp:
                return "Expecting 'tcp' to be set for TCP health check";
            case "COMMAND" or "HTTP" or "TCP":
                break;
            default:
                return $"'{Type}' is not a valid health check type";
        }

        foreach (var (name, value) in new[] { ("delay_seconds", DelaySeconds), ("interval_seconds", IntervalSeconds), ("timeout_seconds", TimeoutSeconds), ("grace_period_seconds", GracePeriodSeconds) })
        {
            if (value < 0)
            {
                return $"Expecting '{name}' to be non-negative";
            }
        }

        if (ConsecutiveFailures is < 0 or > uint.MaxValue)
        {
            return "Expecting 'consecutive_failures' to be a uint32, got " + ConsecutiveFailures.ToString(CultureInfo.InvariantCulture);
        }

        return Type is "HTTP" or "TCP" && Port is < 0 or > 65535
            ? $"Expecting '{(Type == "HTTP" ? "http" : "tcp")}.port' to be a port number, got {Port.ToString(CultureInfo.InvariantCulture)}"
            : null;
    }

    internal static HealthCheckInfo Read(ProtoObject check)
    {
        var type = check.String("type");
        var command = check.Message("command");
        var http = check.Message("http");
        var tcp = check.Message("tcp");
        var httpPort = http?.Int64("port");
        var tcpPort = tcp?.Int64("port");
        http?.Require("port", httpPort is not null);
        tcp?.Require("port", tcpPort is not null);
        var environment = command?.Message("environment")?.Repeated("variables", v => (Name: v.String("name") ?? string.Empty, Value: v.String("value") ?? string.Empty))
            .Where(v => v.Name.Length > 0)
            .GroupBy(v => v.Name)
            .ToDictionary(g => g.Key, g => g.Last().Value) ?? [];
        var isHttp = type == "HTTP";
        return new HealthCheckInfo
        {
            Type = type,
            DelaySeconds = check.Double("delay_seconds") ?? 15,
            IntervalSeconds = check.Double("interval_seconds") ?? 10,
            TimeoutSeconds = check.Double("timeout_seconds") ?? 20,
            ConsecutiveFailures = check.Int64("consecutive_failures") ?? 3,
            GracePeriodSeconds = check.Double("grace_period_seconds") ?? 10,
            HasCommand = command is not null,
            Command = command?.String("value"),
            Shell = command?.Bool("shell") ?? true,
            Arguments = command?.RepeatedStrings("arguments") ?? [],
            Environment = environment,
            HasHttp = http is not null,
            Scheme = http?.String("scheme"),
            Path = http?.String("path"),
            HasTcp = tcp is not null,
            Port = (isHttp ? httpPort : tcpPort) ?? httpPort ?? tcpPort ?? 0,
            IPv6 = ((isHttp ? http : tcp)?.String("protocol")) == "IPv6",
        };
    }
}
