using System.CommandLine;
using System.Globalization;
using Drydock.Master.Hosting;
using Drydock.Platform;

namespace Drydock.Cli.Commands.Master;

/// <summary>
/// <c>drydock master</c>: runs a master until SIGTERM or SIGINT. Every flag may also come from
/// <c>DRYDOCK_&lt;NAME&gt;</c> (e.g. <c>DRYDOCK_WORK_DIR</c>); a flag on the command line wins.
/// </summary>
internal static class MasterRunCommand
{
    private static readonly MasterSettings Defaults = new();

    public static Command Create()
    {
        var ip = Flag("--ip", "The address to listen on", "127.0.0.1");
        var port = Flag("--port", "The port to listen on (0: any free port)", Defaults.Port.ToString(CultureInfo.InvariantCulture));
        var hostname = Flag("--hostname", "The hostname the master advertises (default: the ip)", null);
        var workDir = Flag("--work-dir", "Where the master keeps its durable state (created if missing)", "./.drydock/master");
        var logLevel = Flag("--log-level", "trace, debug, info, warning, error", "info");
        var maxBody = Flag("--max-request-body", "Largest request body accepted, in bytes (larger ones get 413)", Defaults.MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture));

        var heartbeat = Flag("--heartbeat-interval", "How often subscribed frameworks get HEARTBEAT (e.g. 15s)", "15s");
        var pingTimeout = Flag("--agent-ping-timeout", "How often the master pings each agent (e.g. 15s)", "15s");
        var maxPings = Flag("--max-agent-ping-timeouts", "Unanswered pings in a row before an agent is unreachable", "5");
        var reregisterTimeout = Flag("--agent-reregister-timeout", "How long a disconnected or recovered agent has to re-register before it is unreachable", "10mins");
        var registrationTimeout = Flag("--agent-registration-timeout", "How long a new agent channel may take to send its registration before it is closed", "10secs");
        var maxUnregistered = Flag("--max-unregistered-agent-channels", "Agent channels that may wait for their registration at once; more get 503", Defaults.MaxUnregisteredAgentChannels.ToString(CultureInfo.InvariantCulture));
        var removalRateLimit = Flag("--agent-removal-rate-limit", "At most N agents marked unreachable per window, as N/DURATION (e.g. 1/20mins); default: no limit", null);
        var weights = Flag("--weights", "Role weights for the allocator, as ROLE=WEIGHT,... (e.g. web=2,batch=0.5); unlisted roles weigh 1", null);
        var offerTimeout = Flag("--offer-timeout", "Rescind offers and inverse offers not answered within this long (e.g. 30s); default: never", null);
        var allocationInterval = Flag("--allocation-interval", "Longest time between allocation cycles (e.g. 1s)", "1s");
        var maxCompletedFrameworks = Flag("--max-completed-frameworks", "Removed frameworks kept in completed_frameworks", Defaults.MaxCompletedFrameworks.ToString(CultureInfo.InvariantCulture));
        var maxCompletedTasks = Flag("--max-completed-tasks-per-framework", "Ended tasks kept in each framework's completed_tasks", Defaults.MaxCompletedTasksPerFramework.ToString(CultureInfo.InvariantCulture));

        var command = new Command("master", "Run a Drydock master") { ip, port, hostname, workDir, logLevel, maxBody, heartbeat, pingTimeout, maxPings, reregisterTimeout, registrationTimeout, maxUnregistered, removalRateLimit, offerTimeout, weights, allocationInterval, maxCompletedFrameworks, maxCompletedTasks };
        command.SetAction(async (parse, ct) =>
        {
            var errors = new List<string>();
            var settings = new MasterSettings
            {
                Ip = parse.GetValue(ip)!,
                Port = (int)ParseNumber(parse.GetValue(port)!, "--port", errors),
                Hostname = parse.GetValue(hostname),
                WorkDir = parse.GetValue(workDir)!,
                LogLevel = parse.GetValue(logLevel)!,
                MaxRequestBodyBytes = ParseNumber(parse.GetValue(maxBody)!, "--max-request-body", errors),
                HeartbeatInterval = ParseDuration(parse.GetValue(heartbeat)!, "--heartbeat-interval", errors),
                AgentPingTimeout = ParseDuration(parse.GetValue(pingTimeout)!, "--agent-ping-timeout", errors),
                MaxAgentPingTimeouts = (int)ParseNumber(parse.GetValue(maxPings)!, "--max-agent-ping-timeouts", errors),
                AllocationInterval = ParseDuration(parse.GetValue(allocationInterval)!, "--allocation-interval", errors),
                AgentReregisterTimeout = ParseDuration(parse.GetValue(reregisterTimeout)!, "--agent-reregister-timeout", errors),
                AgentRegistrationTimeout = ParseDuration(parse.GetValue(registrationTimeout)!, "--agent-registration-timeout", errors),
                MaxUnregisteredAgentChannels = (int)Math.Clamp(ParseNumber(parse.GetValue(maxUnregistered)!, "--max-unregistered-agent-channels", errors), 0, int.MaxValue),
                AgentRemovalRateLimit = parse.GetValue(removalRateLimit) is { } limit ? ParseRateLimit(limit, errors) : null,
                OfferTimeout = parse.GetValue(offerTimeout) is { } timeout ? ParseDuration(timeout, "--offer-timeout", errors) : null,
                Weights = parse.GetValue(weights) is { } given ? ParseWeights(given, errors) : new Dictionary<string, double>(),
                MaxCompletedFrameworks = (int)Math.Clamp(ParseNumber(parse.GetValue(maxCompletedFrameworks)!, "--max-completed-frameworks", errors), -1, int.MaxValue),
                MaxCompletedTasksPerFramework = (int)Math.Clamp(ParseNumber(parse.GetValue(maxCompletedTasks)!, "--max-completed-tasks-per-framework", errors), -1, int.MaxValue),
            };
            if (errors.Count > 0)
            {
                errors.ForEach(e => Console.Error.WriteLine("error: " + e));
                return CliRunner.Usage;
            }

            MasterHost host;
            try
            {
                host = MasterHost.Create(settings);
            }
            catch (ArgumentException e)
            {
                foreach (var line in e.Message.Split(Environment.NewLine))
                {
                    await Console.Error.WriteLineAsync("error: " + line);
                }

                return CliRunner.Usage;
            }
            catch (Exception e) when (e is WorkDirInUseException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return CliRunner.Refused;
            }

            await using (host)
            {
                await host.StartAsync(ct);
                try
                {
                    await host.WaitForShutdownAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // SIGINT reaches the command line first; it is as much a request to stop as SIGTERM.
                }

                await host.StopAsync();
            }

            return 0;
        });
        return command;
    }

    /// <summary>A string flag whose default is <c>DRYDOCK_&lt;NAME&gt;</c>, then <paramref name="fallback"/>.</summary>
    internal static Option<string?> Flag(string name, string description, string? fallback)
    {
        var variable = "DRYDOCK_" + name.TrimStart('-').Replace('-', '_').ToUpperInvariant();
        return new Option<string?>(name)
        {
            Description = $"{description} [env: {variable}]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback,
        };
    }

    private static TimeSpan ParseDuration(string text, string flag, List<string> errors)
    {
        try
        {
            var span = Output.TimeText.ParseDuration(text);
            if (span > TimeSpan.Zero)
            {
                return span;
            }
        }
        catch (FormatException)
        {
        }

        errors.Add($"{flag} '{text}' is not a positive duration (e.g. 15s, 1m)");
        return TimeSpan.FromSeconds(1);
    }

    /// <summary>Mesos's weights form: <c>ROLE=WEIGHT</c> pairs separated by commas, each weight a positive number.</summary>
    internal static Dictionary<string, double> ParseWeights(string text, List<string> errors)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Length > 0
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) && double.IsFinite(weight) && weight > 0)
            {
                weights[parts[0]] = weight;
            }
            else
            {
                errors.Add($"--weights '{pair}' is not ROLE=WEIGHT with a positive weight (e.g. web=2)");
            }
        }

        return weights;
    }

    /// <summary>Mesos's rate form: <c>N/DURATION</c>, e.g. <c>1/20mins</c>.</summary>
    private static Drydock.Master.Registry.RemovalRateLimit? ParseRateLimit(string text, List<string> errors)
    {
        var parts = text.Split('/', 2);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var permits) && permits > 0)
        {
            try
            {
                var window = Output.TimeText.ParseDuration(parts[1]);
                if (window > TimeSpan.Zero)
                {
                    return new Drydock.Master.Registry.RemovalRateLimit(permits, window);
                }
            }
            catch (FormatException)
            {
            }
        }

        errors.Add($"--agent-removal-rate-limit '{text}' is not a rate (e.g. 1/20mins)");
        return null;
    }

    private static long ParseNumber(string text, string flag, List<string> errors)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{flag} '{text}' is not a number");
        return 0;
    }
}
