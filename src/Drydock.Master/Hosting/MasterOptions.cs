using System.Globalization;
using System.Net;
using Drydock.Master.Frameworks;
using Drydock.Master.Registry;

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

    /// <summary>The scheduler API's flags, listed with these in <see cref="ToFlags"/>.</summary>
    public SchedulerOptions Scheduler { get; init; } = new();

    /// <summary>The agent registry's flags, listed with these in <see cref="ToFlags"/>.</summary>
    public RegistryOptions Registry { get; init; } = new();

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

        if (Registry.AgentRegistrationTimeout <= TimeSpan.Zero)
        {
            errors.Add("--agent-registration-timeout must be positive");
        }

        if (Registry.MaxUnregisteredAgentChannels < 1)
        {
            errors.Add("--max-unregistered-agent-channels must be at least 1");
        }

        return errors;
    }

    /// <summary>
    /// The master's effective flags as Mesos lists them in <c>/state</c>, <c>/flags</c> and GET_FLAGS: Mesos's names where
    /// Mesos has the flag (<c>allocation_interval</c>, <c>agent_ping_timeout</c>, …), in snake_case, values as strings and
    /// durations as Mesos writes them (<c>15secs</c>). Flags left unset (<c>offer_timeout</c>, <c>agent_removal_rate_limit</c>)
    /// are not listed, as in Mesos.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToFlags()
    {
        var flags = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["agent_ping_timeout"] = MesosDuration.Format(Registry.AgentPingTimeout),
            ["agent_registration_timeout"] = MesosDuration.Format(Registry.AgentRegistrationTimeout),
            ["agent_reregister_timeout"] = MesosDuration.Format(Registry.AgentReregisterTimeout),
            ["allocation_interval"] = MesosDuration.Format(Scheduler.AllocationInterval),
            ["heartbeat_interval"] = MesosDuration.Format(Scheduler.HeartbeatInterval),
            ["max_agent_ping_timeouts"] = Registry.MaxAgentPingTimeouts.ToString(CultureInfo.InvariantCulture),
            ["max_unregistered_agent_channels"] = Registry.MaxUnregisteredAgentChannels.ToString(CultureInfo.InvariantCulture),
            ["max_completed_frameworks"] = Scheduler.MaxCompletedFrameworks.ToString(CultureInfo.InvariantCulture),
            ["max_completed_tasks_per_framework"] = Scheduler.MaxCompletedTasksPerFramework.ToString(CultureInfo.InvariantCulture),
            ["hostname"] = Hostname ?? Ip,
            ["ip"] = Ip,
            ["log_level"] = LogLevel,
            ["max_request_body"] = MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture),
            ["port"] = Port.ToString(CultureInfo.InvariantCulture),
            ["registry"] = "sqlite",
            ["work_dir"] = Path.GetFullPath(WorkDir),
        };
        if (Scheduler.OfferTimeout is { } offerTimeout)
        {
            flags["offer_timeout"] = MesosDuration.Format(offerTimeout);
        }

        if (Registry.AgentRemovalRateLimit is { } limit)
        {
            flags["agent_removal_rate_limit"] = string.Create(CultureInfo.InvariantCulture, $"{limit.Permits}/{MesosDuration.Format(limit.Window)}");
        }

        if (Scheduler.Weights.Count > 0)
        {
            flags["weights"] = string.Join(",", Scheduler.Weights.OrderBy(w => w.Key, StringComparer.Ordinal)
                .Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key}={w.Value}")));
        }

        return flags;
    }
}
