using System.CommandLine;
using Drydock.Cli.Commands.Agent;
using Drydock.Cli.Commands.Cluster;
using Drydock.Cli.Commands.Dev;
using Drydock.Cli.Commands.Machine;
using Drydock.Cli.Commands.Maintenance;
using Drydock.Cli.Commands.Master;

namespace Drydock.Cli.Commands;

/// <summary>The root of the <c>drydock</c> command line.</summary>
internal static class DrydockCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Drydock: a cluster manager that speaks the Mesos HTTP APIs and does node maintenance right.");
        root.Options.Add(GlobalOptions.Master);
        root.Subcommands.Add(MasterRunCommand.Create());
        root.Subcommands.Add(AgentRunCommand.Create());
        root.Subcommands.Add(DevCommand.Create());
        root.Subcommands.Add(MaintenanceCommand.Create());
        root.Subcommands.Add(MachineCommand.Create());
        root.Subcommands.Add(ClusterCommands.Node());
        root.Subcommands.Add(ClusterCommands.Task());
        root.Subcommands.Add(ClusterCommands.Framework());
        root.Subcommands.Add(ClusterCommands.Events());
        return root;
    }
}
