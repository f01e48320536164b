using System.Globalization;
using Drydock.Client.Marathon;
using Spectre.Console;

namespace Drydock.Cli.Output;

/// <summary>Apps and their tasks for people: the tables of <c>drydock app list</c>, <c>app show</c> and <c>app tasks</c>.</summary>
internal static class AppViews
{
    private const int CommandWidth = 60;

    public static void WriteApps(IAnsiConsole console, IReadOnlyList<MarathonApp> apps)
    {
        if (apps.Count == 0)
        {
            console.WriteLine("No apps.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("ID").AddColumn("INSTANCES").AddColumn("HEALTHY").AddColumn("CPUS").AddColumn("MEM").AddColumn("DEPLOYMENTS").AddColumn("CMD");
        foreach (var app in apps.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(app.Id),
                Instances(app),
                Healthy(app),
                Number(app.Cpus),
                Number(app.Mem),
                app.Deployments.Count == 0 ? "-" : Markup.Escape(string.Join(", ", app.Deployments.Select(d => d.Id))),
                Markup.Escape(Shorten(Command(app), CommandWidth)));
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{apps.Count} app(s), {apps.Sum(a => a.TasksRunning)} of {apps.Sum(a => a.Instances)} instance(s) running"));
    }

    public static void WriteApp(IAnsiConsole console, MarathonApp app, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("ID", Markup.Escape(app.Id));
        grid.AddRow("Command", Markup.Escape(Command(app)));
        grid.AddRow("Instances", string.Create(CultureInfo.InvariantCulture, $"{Instances(app)} running, {app.TasksStaged} staged"));
        grid.AddRow("Healthy", app.HealthChecks.Count == 0 ? "no health checks" : string.Create(CultureInfo.InvariantCulture, $"{app.TasksHealthy} healthy, {app.TasksUnhealthy} unhealthy"));
        grid.AddRow("Resources", string.Create(CultureInfo.InvariantCulture, $"cpus {Number(app.Cpus)}, mem {Number(app.Mem)} MiB, disk {Number(app.Disk)} MiB (each)"));
        grid.AddRow("Version", app.Version is { } version ? TimeText.FormatInstant(version, now) : "-");
        grid.AddRow("Deployments", app.Deployments.Count == 0 ? "none" : Markup.Escape(string.Join(", ", app.Deployments.Select(d => d.Id))));
        if (app.LastTaskFailure is { } failure)
        {
            var when = failure.Timestamp is { } t ? " " + TimeText.FormatInstant(t, now) : string.Empty;
            grid.AddRow("Last failure", Markup.Escape($"{failure.State} {failure.TaskId} on {failure.Host ?? "-"}{when}: {failure.Message}"));
        }

        console.Write(grid);
        if (app.Tasks.Count > 0)
        {
            console.Write(TaskTable(app.Tasks, now));
        }
    }

    public static void WriteTasks(IAnsiConsole console, IReadOnlyList<MarathonTask> tasks, DateTimeOffset now)
    {
        if (tasks.Count == 0)
        {
            console.WriteLine("No tasks.");
            return;
        }

        console.Write(TaskTable(tasks, now));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tasks.Count} task(s), {tasks.Count(t => t.State == "TASK_RUNNING")} running"));
    }

    /// <summary>What the task's health checks say: healthy when every result is alive, unhealthy when one is not, - without results.</summary>
    public static string Health(MarathonTask task) =>
        task.HealthCheckResults.Count == 0 ? "-" : task.HealthCheckResults.All(r => r.Alive) ? "healthy" : "unhealthy";

    /// <summary><c>running/wanted</c>.</summary>
    public static string Instances(MarathonApp app) => string.Create(CultureInfo.InvariantCulture, $"{app.TasksRunning}/{app.Instances}");

    /// <summary><c>healthy/running</c>, or - for an app without health checks.</summary>
    public static string Healthy(MarathonApp app) =>
        app.HealthChecks.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{app.TasksHealthy}/{app.TasksRunning}");

    public static string Command(MarathonApp app) =>
        app.Cmd ?? (app.Args.Count > 0 ? "[" + string.Join(", ", app.Args) + "]" : "-");

    private static Table TaskTable(IEnumerable<MarathonTask> tasks, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("ID").AddColumn("HOST").AddColumn("STATE").AddColumn("HEALTH").AddColumn("STARTED").AddColumn("PORTS");
        foreach (var task in tasks.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(task.Id),
                Markup.Escape(task.Host ?? "-"),
                Markup.Escape(task.State),
                Health(task),
                task.StartedAt is { } started ? TimeText.FormatInstant(started, now) : "-",
                task.Ports.Count == 0 ? "-" : string.Join(",", task.Ports.Select(p => p.ToString(CultureInfo.InvariantCulture))));
        }

        return table;
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
