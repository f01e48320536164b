using System.CommandLine;
using Drydock.Agent.Hosting;

namespace Drydock.Cli.Commands.Agent;

/// <summary>
/// <c>drydock agent</c>: runs an agent. Each flag may also come from an <c>--env-file</c> or the environment as
/// <c>MESOS_&lt;NAME&gt;</c> or <c>DRYDOCK_&lt;NAME&gt;</c>; precedence is flag, then env files (later first), then environment.
/// </summary>
internal static class AgentRunCommand
{
    private static readonly (string Flag, string Description)[] Flags =
    [
        ("--master", "The master as HOST:PORT (default 127.0.0.1:5050)"),
        ("--ip", "The agent's address (default 127.0.0.1); the machine is {hostname, ip}"),
        ("--hostname", "The agent's hostname (default: the ip)"),
        ("--port", "The agent's port (default 5051)"),
        ("--work-dir", "Where the agent checkpoints (Mesos layout; default ./.drydock/agent)"),
        ("--resources", "Resources, e.g. cpus:4;mem:8192;ports:[31000-32000], or a JSON list"),
        ("--attributes", "Attributes, e.g. rack:r1;zone:west"),
        ("--default-role", "Role for resources given without one (default *)"),
        ("--reconfiguration-policy", "equal (default) or additive: how far the agent info may change and keep the id"),
        ("--log-level", "debug, info, warning, error"),
        ("--registration-backoff-factor", "Reconnect waits a random time in [0, b·2^k] after the k-th failed attempt, capped at 1 min, starting again after each registration (default 1secs)"),
    ];

    public static Command Create()
    {
        var command = new Command("agent", "Run a Drydock agent");
        var options = Flags.Select(f => new Option<string?>(f.Flag)
        {
            Description = $"{f.Description} [env: MESOS_{Name(f.Flag).ToUpperInvariant()}]",
        }).ToArray();
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        var envFiles = new Option<string[]>("--env-file")
        {
            Description = "A KEY=VALUE file of MESOS_*/DRYDOCK_* settings, as DC/OS's /var/lib/dcos/mesos-slave-common; repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        command.Options.Add(envFiles);

        command.SetAction(async (parse, ct) =>
        {
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var option in options)
            {
                if (parse.GetValue(option) is { } value)
                {
                    given[Name(option.Name)] = value;
                }
            }

            return await AgentProgram.RunAsync(given, parse.GetValue(envFiles) ?? [], ct);
        });
        return command;
    }

    private static string Name(string flag) => flag.TrimStart('-').Replace('-', '_');
}
