using System.Globalization;
using System.Net;
using Drydock.Agent.Configuration;
using Drydock.Agent.Recovery;
using Drydock.Protocol.Resources;

namespace Drydock.Agent.Hosting;

/// <summary>The agent's validated flags.</summary>
internal sealed record AgentOptions
{
    public required Uri Master { get; init; }

    public required string Ip { get; init; }

    public required string Hostname { get; init; }

    public required int Port { get; init; }

    public required string WorkDir { get; init; }

    public required IReadOnlyList<Resource> Resources { get; init; }

    public required IReadOnlyList<Protocol.Resources.Attribute> Attributes { get; init; }

    public required ReconfigurationPolicy Policy { get; init; }

    public required string LogLevel { get; init; }

    /// <summary>
    /// <c>--registration-backoff-factor</c>: after the channel is lost the first attempt waits a random time in [0, b], the
    /// k-th retry one in [0, b·2^k], capped at a minute; each successful (re-)registration starts again at [0, b].
    /// </summary>
    public TimeSpan RegistrationBackoffFactor { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The effective flags by their Mesos names (defaults filled in), as <c>/flags</c> shows them.</summary>
    public IReadOnlyDictionary<string, string> Flags { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether this agent answers SIGUSR1 itself; off when several agents share a process.</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Kill every task when the agent is stopped (<c>drydock dev</c> on Ctrl-C); otherwise tasks outlive the agent.</summary>
    public bool KillTasksOnStop { get; init; }

    /// <summary>Builds options from merged settings; every problem is listed, each naming the bad value.</summary>
    public static (AgentOptions? Options, IReadOnlyList<string> Errors) From(AgentSettings settings, MachineResources machine)
    {
        var errors = new List<string>();
        var master = settings.Get("master") ?? "127.0.0.1:5050";
        if (!Uri.TryCreate(master.Contains("://", StringComparison.Ordinal) ? master : "http://" + master, UriKind.Absolute, out var masterUri))
        {
            errors.Add($"--master '{master}' is not HOST:PORT");
        }

        var ip = settings.Get("ip") ?? "127.0.0.1";
        if (!IPAddress.TryParse(ip, out _))
        {
            errors.Add($"--ip '{ip}' is not an IP address");
        }

        var portText = settings.Get("port") ?? "5051";
        if (!int.TryParse(portText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            errors.Add($"--port '{portText}' is not a port number");
        }

        var defaultRole = settings.Get("default_role") ?? "*";
        var resources = ResourceParser.Parse(settings.Get("resources") ?? string.Empty, defaultRole);
        if (!resources.Succeeded)
        {
            errors.Add($"--resources ({settings.SourceOf("resources")}): {resources.Error}");
        }

        var attributes = AttributeParser.Parse(settings.Get("attributes") ?? string.Empty);
        if (!attributes.Succeeded)
        {
            errors.Add($"--attributes ({settings.SourceOf("attributes")}): {attributes.Error}");
        }

        var policyText = settings.Get("reconfiguration_policy") ?? "equal";
        ReconfigurationPolicy? policy = policyText switch
        {
            "equal" => ReconfigurationPolicy.Equal,
            "additive" => ReconfigurationPolicy.Additive,
            _ => null,
        };
        if (policy is null)
        {
            errors.Add($"--reconfiguration-policy '{policyText}' is not equal or additive");
        }

        var backoffText = settings.Get("registration_backoff_factor") ?? "1secs";
        var backoff = FlagDuration.Parse(backoffText);
        if (backoff is null)
        {
            errors.Add($"--registration-backoff-factor '{backoffText}' is not a duration of at most a day (e.g. 1secs, 200ms)");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var options = new AgentOptions
        {
            Master = masterUri!,
            Ip = ip,
            Hostname = settings.Get("hostname") ?? ip,
            Port = port,
            WorkDir = settings.Get("work_dir") ?? "./.drydock/agent",
            Resources = machine.FillUndetected(resources.Value!, defaultRole),
            Attributes = attributes.Value!,
            Policy = policy!.Value,
            LogLevel = settings.Get("log_level") ?? "info",
            RegistrationBackoffFactor = backoff!.Value,
        };
        var flags = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["master"] = master,
            ["ip"] = options.Ip,
            ["hostname"] = options.Hostname,
            ["port"] = options.Port.ToString(CultureInfo.InvariantCulture),
            ["work_dir"] = options.WorkDir,
            ["default_role"] = defaultRole,
            ["reconfiguration_policy"] = policyText,
            ["logging_level"] = options.LogLevel.ToUpperInvariant(),
            ["registration_backoff_factor"] = backoffText,
        };
        foreach (var name in new[] { "resources", "attributes" })
        {
            if (settings.Get(name) is { } given)
            {
                flags[name] = given;
            }
        }

        options = options with { Flags = flags };
        return (options, []);
    }
}
