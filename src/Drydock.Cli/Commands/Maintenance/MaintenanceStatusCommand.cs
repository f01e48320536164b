using System.CommandLine;
using Drydock.Cli.Output;

namespace Drydock.Cli.Commands.Maintenance;

/// <summary><c>drydock maintenance status [--json]</c>.</summary>
internal static class MaintenanceStatusCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var command = new Command("status", "Show DRAINING and DOWN machines and the frameworks' answers") { json };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            if (parse.GetValue(json))
            {
                Console.WriteLine(await client.GetStatusJsonAsync(ct));
                return 0;
            }

            MaintenanceViews.WriteStatus(Terminal.Create(), await client.GetStatusAsync(ct));
            return 0;
        }));
        return command;
    }
}
