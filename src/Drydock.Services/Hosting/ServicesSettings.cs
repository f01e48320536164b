using System.Net;
using Microsoft.Extensions.Logging;

namespace Drydock.Services.Hosting;

/// <summary>The settings of one <c>drydock services</c> process, from its flags (or <c>DRYDOCK_*</c>).</summary>
public sealed record ServicesSettings
{
    /// <summary>The master as <c>HOST:PORT</c> or a URL.</summary>
    public string Master { get; init; } = "127.0.0.1:5050";

    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The port of the <c>/v2</c> API; 0 picks a free one.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The name this scheduler advertises (webui_url, <c>/v2/info</c>'s leader); the ip by default.</summary>
    public string? Hostname { get; init; }

    public string WorkDir { get; init; } = "./.drydock/services";

    public string FrameworkName { get; init; } = "marathon";

    public string Role { get; init; } = "*";

    /// <summary>The user tasks run as when an app names none; the master's default (the agent's user) when null.</summary>
    public string? User { get; init; }

    /// <summary>Marathon's <c>--failover_timeout</c>: one week.</summary>
    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromDays(7);

    public string LogLevel { get; init; } = "info";

    public long MaxRequestBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Marathon's <c>--event_stream_max_outstanding_messages</c>: a <c>/v2/events</c> client further behind is disconnected.</summary>
    public int EventStreamMaxOutstandingMessages { get; init; } = 4096;

    /// <summary>The master's base URL: <see cref="Master"/> as given when it is a URL, else <c>http://HOST:PORT</c>.</summary>
    public Uri MasterUrl => Master.Contains("://", StringComparison.Ordinal) ? new Uri(Master) : new Uri("http://" + Master);

    /// <summary>Every invalid setting, each as one line naming its flag.</summary>
    public IEnumerable<string> Validate()
    {
        if (!IPAddress.TryParse(Ip, out _))
        {
            yield return $"--ip '{Ip}' is not an IP address";
        }

        if (Port is < 0 or > 65535)
        {
            yield return $"--port {Port} is not a port (0-65535)";
        }

        if (!Uri.TryCreate(Master.Contains("://", StringComparison.Ordinal) ? Master : "http://" + Master, UriKind.Absolute, out var master) || master.Scheme is not ("http" or "https") || string.IsNullOrEmpty(master.Host))
        {
            yield return $"--master '{Master}' is not HOST:PORT or an http(s) URL";
        }

        if (string.IsNullOrWhiteSpace(FrameworkName))
        {
            yield return "--framework-name must not be empty";
        }

        if (string.IsNullOrWhiteSpace(Role))
        {
            yield return "--role must not be empty";
        }

        if (FailoverTimeout <= TimeSpan.Zero)
        {
            yield return "--failover-timeout must be positive";
        }

        if (ParseLogLevel(LogLevel) is null)
        {
            yield return $"--log-level '{LogLevel}' is not one of trace, debug, info, warning, error, critical, none";
        }

        if (MaxRequestBodyBytes <= 0)
        {
            yield return "--max-request-body must be positive";
        }

        if (EventStreamMaxOutstandingMessages < 1)
        {
            yield return $"--event-stream-max-outstanding-messages {EventStreamMaxOutstandingMessages} must be at least 1";
        }
    }

    internal static LogLevel? ParseLogLevel(string name) => name.ToLowerInvariant() switch
    {
        "trace" => Microsoft.Extensions.Logging.LogLevel.Trace,
        "debug" => Microsoft.Extensions.Logging.LogLevel.Debug,
        "info" or "information" => Microsoft.Extensions.Logging.LogLevel.Information,
        "warning" or "warn" => Microsoft.Extensions.Logging.LogLevel.Warning,
        "error" => Microsoft.Extensions.Logging.LogLevel.Error,
        "critical" => Microsoft.Extensions.Logging.LogLevel.Critical,
        "none" => Microsoft.Extensions.Logging.LogLevel.None,
        _ => null,
    };
}
