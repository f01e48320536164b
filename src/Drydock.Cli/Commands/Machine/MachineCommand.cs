using System.CommandLine;

namespace Drydock.Cli.Commands.Machine;

/// <summary><c>drydock machine down|up</c>: take scheduled machines down and bring them back up.</summary>
internal static class MachineCommand
{
    public static Command Create()
    {
        var machine = new Command("machine", "Take DRAINING machines DOWN, or bring DOWN machines UP");
        machine.Subcommands.Add(MachineChangeCommand.Create(down: true));
        machine.Subcommands.Add(MachineChangeCommand.Create(down: false));
        return machine;
    }
}
