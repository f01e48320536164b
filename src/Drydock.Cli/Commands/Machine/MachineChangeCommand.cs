using System.CommandLine;

namespace Drydock.Cli.Commands.Machine;

/// <summary>
/// <c>drydock machine down</c> and <c>drydock machine up</c> (<c>--machine HOST=IP…</c> or <c>--file FILE</c>, a JSON
/// array of machine ids as the endpoints take it). The two differ only in the endpoint they call.
/// </summary>
internal static class MachineChangeCommand
{
    public static Command Create(bool down)
    {
        var machines = MachineOptions.Machines(required: false);
        var file = new Option<string?>("--file", "-f") { Description = "A JSON array of {hostname, ip}, or - for standard input" };
        var command = new Command(
            down ? "down" : "up",
            down ? "Take DRAINING machines DOWN: their agents are shut down and their tasks reported lost"
                 : "Bring DOWN machines UP: they leave the schedule and their agents may register again")
        {
            machines,
            file,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, async client =>
        {
            var ids = parse.GetValue(machines);
            var path = parse.GetValue(file);
            if ((ids is null or { Length: 0 }) == (path is null))
            {
                throw new UsageException("give the machines with --machine HOST=IP… or --file FILE (one of the two)");
            }

            if (path is not null)
            {
                await client.PostMachinesJsonAsync(down, await InputFile.ReadAsync(path, ct), ct);
                Console.WriteLine(down ? "Machines are DOWN." : "Machines are UP.");
                return 0;
            }

            var parsed = MachineOptions.Parse(ids);
            await (down ? client.MachineDownAsync(parsed, ct) : client.MachineUpAsync(parsed, ct));
            Console.WriteLine($"{parsed.Count} machine(s) {(down ? "DOWN" : "UP")}: {string.Join(", ", parsed.Select(m => $"{m.Hostname ?? "-"} ({m.Ip ?? "-"})"))}");
            return 0;
        }));
        return command;
    }
}
