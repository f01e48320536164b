using System.CommandLine;
using Drydock.Protocol.Maintenance;

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
            if (MaintenanceJson.ParseSchedule(body) is { Succeeded: true } schedule)
            {
                await ScheduleWarnings.WarnAsync(client, schedule.Value.Windows, DateTimeOffset.UtcNow, ct);
            }
            return 0;
        }));
        return command;
    }
}
