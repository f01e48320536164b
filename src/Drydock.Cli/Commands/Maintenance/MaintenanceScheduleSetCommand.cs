using System.CommandLine;

namespace Drydock.Cli.Commands.Maintenance;

/// <summary><c>drydock maintenance schedule set FILE|-</c>: replace the schedule with a JSON document, as it is.</summary>
internal static class MaintenanceScheduleSetCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A schedule JSON file, or - for standard input" };
        var command = new Command("set", "Replace the whole schedule with a JSON document (Mesos maintenance.Schedule)") { file };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            var body = await InputFile.ReadAsync(parse.GetValue(file)!, ct);
            await client.SetScheduleJsonAsync(body, ct);
            Console.WriteLine("Schedule replaced.");
            return 0;
        }));
        return command;
    }
}
