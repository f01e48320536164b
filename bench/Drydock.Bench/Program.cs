using System.Globalization;
using Drydock.Bench;

var scenario = args.FirstOrDefault() ?? "maintenance";
var output = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsFlagValue(a));
switch (scenario)
{
    case "maintenance":
        var report = await MaintenanceBenchmark.RunAsync();
        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report);
        }

        return 0;
    case "maintenance-breakdown":
        var breakdown = await ScheduleUpdateBreakdown.RunAsync();
        Console.WriteLine(breakdown);
        if (output is not null)
        {
            await File.AppendAllTextAsync(output, breakdown);
        }

        return 0;
    case "supervisor":
        var supervision = await SupervisorBenchmark.RunAsync();
        Console.WriteLine(supervision);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, supervision);
        }

        return 0;
    case "launch":
        var launches = await LaunchBenchmark.RunAsync();
        Console.WriteLine(launches);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, launches);
        }

        return 0;
    case "allocator":
        var allocation = AllocatorBenchmark.Run();
        Console.WriteLine(allocation);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, allocation);
        }

        return 0;
    case "placement":
        var placement = PlacementBenchmark.Run();
        Console.WriteLine(placement);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, placement);
        }

        return 0;
    case "cycle":
        var cycle = await CycleBenchmark.RunAsync();
        Console.WriteLine(cycle);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, cycle);
        }

        return 0;
    case "state":
        var stateFigures = await StateBenchmark.RunAsync();
        Console.WriteLine(stateFigures);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, stateFigures);
        }

        return 0;
    case "sim-register":
        var registration = await SimRegisterBenchmark.RunAsync(Count("--agents", SimRegisterBenchmark.DefaultAgents), Words("--master-flags"));
        Console.WriteLine(registration);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, registration);
        }

        return 0;
    case "sim-drain":
        var drain = await SimDrainBenchmark.RunAsync(Count("--agents", SimDrainBenchmark.DefaultAgents));
        Console.WriteLine(drain);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, drain);
        }

        return 0;
    case "fuzz":
        var fuzz = await Drydock.Bench.Fuzz.FuzzBenchmark.RunAsync(Count("--requests", Drydock.Bench.Fuzz.FuzzBenchmark.DefaultRequests));
        Console.WriteLine(fuzz);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, fuzz);
        }

        return 0;
    default:
        Console.Error.WriteLine($"unknown scenario '{scenario}'; known: maintenance, maintenance-breakdown, supervisor, launch, allocator, placement, cycle, state, sim-register, sim-drain, fuzz");
        return 2;
}

// `--agents N` overrides a simulation's agent count; N is not taken for the output path.
int Count(string flag, int fallback)
{
    var at = Array.IndexOf(args, flag);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

// `--master-flags "--agent-ping-timeout 10mins"` passes flags on to the simulated cluster's master.
string[] Words(string flag)
{
    var at = Array.IndexOf(args, flag);
    return at >= 0 && at + 1 < args.Length ? args[at + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
}

bool IsFlagValue(string arg)
{
    var at = Array.IndexOf(args, arg);
    return at > 0 && args[at - 1].StartsWith("--", StringComparison.Ordinal);
}
