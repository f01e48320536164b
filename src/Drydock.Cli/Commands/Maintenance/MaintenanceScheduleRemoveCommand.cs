using System.CommandLine;

namespace Drydock.Cli.Commands.Maintenance;

/// <summary><c>drydock maintenance schedule remove --machine HOST=IP…</c>: unschedule machines, keeping everything else.</summary>
internal static class MaintenanceScheduleRemoveCommand
{
    public static Command Create()
    {
        var machines = MachineOptions.Machines(required: true);
        var command = new Command("remove", "Take machines out of the schedule (they become UP); windows left empty are dropped") { machines };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            var ids = MachineOptions.Parse(parse.GetValue(machines));
            var current = await client.GetScheduleAsync(ct);
            var scheduled = current.Machines.ToHashSet();
            var missing = ids.Where(id => !scheduled.Contains(id)).ToArray();
            if (missing.Length > 0)
            {
                throw new RefusedException("not in the schedule: " + string.Join(", ", missing.Select(m => m.ToJson())));
            }

            await client.SetScheduleAsync(ScheduleEdits.Without(current, ids), ct);
            Console.WriteLine($"Removed {ids.Count} machine(s) from the schedule.");
            return 0;
        }));
        return command;
    }
}
