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
    default:
        Console.Error.WriteLine($"unknown scenario '{scenario}'; known: maintenance");
        return 2;
}
