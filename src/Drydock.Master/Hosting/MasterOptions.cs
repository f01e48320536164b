using System.Globalization;
using System.Net;

namespace Drydock.Master.Hosting;

/// <summary>The master's flags. Each is also read from <c>DRYDOCK_&lt;NAME&gt;</c> by the command line.</summary>
internal sealed record MasterOptions
{
    public const int DefaultPort = 5050;

    /// <summary>16 MiB: a schedule of 10,000 machines is about 0.7 MB, so this leaves room while refusing floods.</summary>
    public const long DefaultMaxRequestBodyBytes = 16L * 1024 * 1024;

    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 asks the system for a free one (the master logs the one it got).</summary>
    public int Port { get; init; } = DefaultPort;

    public string? Hostname { get; init; }

    public string WorkDir { get; init; } = "./.drydock/master";

    public string LogLevel { get; init; } = "info";

    public long MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    /// <summary>Every problem with the options at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(Ip, out _))
        {
            errors.Add($"--ip '{Ip}' is not an IP address");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--port {Port} is not between 0 and 65535"));
        }

        if (string.IsNullOrWhiteSpace(WorkDir))
        {
            errors.Add("--work-dir must not be empty");
        }

        if (LogLevels.Parse(LogLevel) is null)
        {
            errors.Add($"--log-level '{LogLevel}' is not one of {string.Join(", ", LogLevels.Names)}");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            errors.Add("--max-request-body must be at least 1024 bytes");
        }

        return errors;
    }

    /// <summary>The flags as Mesos lists them in <c>/state</c>, <c>/flags</c> and GET_FLAGS: names in snake_case, values as strings.</summary>
    public IReadOnlyDictionary<string, string> ToFlags() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["hostname"] = Hostname ?? Ip,
        ["ip"] = Ip,
        ["log_level"] = LogLevel,
        ["max_request_body"] = MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture),
        ["port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["registry"] = "sqlite",
        ["work_dir"] = Path.GetFullPath(WorkDir),
    };
}
