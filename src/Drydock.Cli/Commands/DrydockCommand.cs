using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Drydock.Cli.Commands.Agent;
using Drydock.Cli.Commands.Apps;
using Drydock.Cli.Commands.Cluster;
using Drydock.Cli.Commands.Deployments;
using Drydock.Cli.Commands.Dev;
using Drydock.Cli.Commands.Machine;
using Drydock.Cli.Commands.Maintenance;
using Drydock.Cli.Commands.Master;
using Drydock.Cli.Commands.Services;

namespace Drydock.Cli.Commands;

/// <summary>The root of the <c>drydock</c> command line.</summary>
internal static class DrydockCommand
{
    /// <summary>The commands that run a process of the cluster rather than talk to a master's API.</summary>
    private static readonly string[] Daemons = ["master", "agent", "dev"];

    public static RootCommand Create()
    {
        var root = new RootCommand("Drydock: a cluster manager that speaks the Mesos HTTP APIs and does node maintenance right.");
        root.Options.Add(GlobalOptions.RootMaster);
        root.Subcommands.Add(MasterRunCommand.Create());
        root.Subcommands.Add(AgentRunCommand.Create());
        root.Subcommands.Add(ServicesRunCommand.Create());
        root.Subcommands.Add(DevCommand.Create());
        foreach (var operatorCommand in new[]
        {
            MaintenanceCommand.Create(), MachineCommand.Create(), ClusterCommands.Node(), ClusterCommands.Task(), ClusterCommands.Framework(), EventsCommand.Create(),
        })
        {
            operatorCommand.Options.Add(GlobalOptions.Master);
            root.Subcommands.Add(operatorCommand);
        }

        // The services commands reach `drydock services` through the master's /service/marathon unless told otherwise.
        foreach (var servicesCommand in new[] { AppCommand.Create(), DeploymentCommand.Create() })
        {
            servicesCommand.Options.Add(GlobalOptions.Master);
            servicesCommand.Options.Add(ServicesOptions.Services);
            root.Subcommands.Add(servicesCommand);
        }

        return root;
    }

    /// <summary>
    /// Parses and runs a command line. Usage errors (unknown flags, missing values, a flag where a value belongs) exit 2
    /// with one line per error and a pointer to the command's help; what the command returns is the exit code otherwise.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration invocation)
    {
        var parse = Create().Parse(args);
        var errors = parse.Action is ParseErrorAction ? parse.Errors.Select(e => e.Message).ToList() : [];
        if (errors.Count == 0 && MisplacedMaster(parse) is { } misplaced)
        {
            errors.Add(misplaced);
        }

        if (errors.Count == 0)
        {
            return await parse.InvokeAsync(invocation);
        }

        foreach (var error in errors)
        {
            await invocation.Error.WriteLineAsync("error: " + error);
        }

        await invocation.Error.WriteLineAsync($"Run '{CommandPath(parse.CommandResult)} --help' for usage.");
        return CliRunner.Usage;
    }

    /// <summary><c>drydock --master URL agent|master|dev</c>: the operator commands' flag given to a command it means nothing to.</summary>
    private static string? MisplacedMaster(ParseResult parse)
    {
        if (parse.GetResult(GlobalOptions.RootMaster) is not { Implicit: false })
        {
            return null;
        }

        var top = parse.CommandResult;
        while (top.Parent is CommandResult { Parent: not null } parent)
        {
            top = parent;
        }

        return Daemons.Contains(top.Command.Name)
            ? top.Command.Name == "agent"
                ? "--master before 'agent' is the operator commands' master URL; the agent's master goes after it: drydock agent --master HOST:PORT"
                : $"'drydock {top.Command.Name}' takes no --master"
            : null;
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var current = command; current is not null; current = current.Parent as CommandResult)
        {
            names.Add(current.Parent is null ? "drydock" : current.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
