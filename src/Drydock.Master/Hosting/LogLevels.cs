using Microsoft.Extensions.Logging;

namespace Drydock.Master.Hosting;

/// <summary>The names <c>--log-level</c> accepts.</summary>
public static class LogLevels
{
    public static readonly string[] Names = ["trace", "debug", "info", "warning", "error", "critical", "none"];

    public static LogLevel? Parse(string name) => name.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" => LogLevel.None,
        _ => null,
    };
}
