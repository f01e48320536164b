using Drydock.Bench;

var scenario = args.FirstOrDefault() ?? "maintenance";
var output = args.Length > 1 ? args[1] : null;
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
    default:
        Console.Error.WriteLine($"unknown scenario '{scenario}'; known: maintenance, maintenance-breakdown, supervisor, launch, allocator, state");
        return 2;
}
