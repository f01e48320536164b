using System.CommandLine;
using Drydock.Cli.Output;

namespace Drydock.Cli.Commands.Maintenance;

/// <summary><c>drydock maintenance schedule get [--json]</c>.</summary>
internal static class MaintenanceScheduleGetCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var command = new Command("get", "Show the maintenance schedule") { json };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            if (parse.GetValue(json))
            {
                Console.WriteLine(await client.GetScheduleJsonAsync(ct));
                return 0;
            }

            var schedule = await client.GetScheduleAsync(ct);
            var status = await client.GetStatusAsync(ct);
            MaintenanceViews.WriteSchedule(Terminal.Create(), schedule, status, DateTimeOffset.UtcNow);
            return 0;
        }));
        return command;
    }
}
