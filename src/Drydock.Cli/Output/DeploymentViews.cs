using System.Globalization;
using Drydock.Client.Marathon;
using Spectre.Console;

namespace Drydock.Cli.Output;

/// <summary>Deployments for people: the table of <c>drydock deployment list</c> and the progress line of <c>--wait</c>.</summary>
internal static class DeploymentViews
{
    public static void WriteDeployments(IAnsiConsole console, IReadOnlyList<MarathonDeployment> deployments, DateTimeOffset now)
    {
        if (deployments.Count == 0)
        {
            console.WriteLine("No deployments.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("ID").AddColumn("APPS").AddColumn("ACTIONS").AddColumn("STEP").AddColumn("VERSION");
        foreach (var deployment in deployments)
        {
            table.AddRow(
                Markup.Escape(deployment.Id),
                Markup.Escape(string.Join(", ", deployment.AffectedApps)),
                Markup.Escape(Actions(deployment)),
                Step(deployment),
                deployment.Version is { } version ? TimeText.FormatInstant(version, now) : "-");
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{deployments.Count} deployment(s)"));
    }

    /// <summary>
    /// One line on a running deployment: its step, the step's actions and each affected app's counts, e.g.
    /// <c>deployment 5ed1…: step 1/1 ScaleApplication /web; /web 2/3 running, 1 healthy</c>.
    /// </summary>
    public static string Progress(MarathonDeployment deployment, IReadOnlyDictionary<string, MarathonApp?> apps)
    {
        var counts = apps.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value is { } app
            ? string.Create(CultureInfo.InvariantCulture, $"{a.Key} {app.TasksRunning}/{app.Instances} running") + (app.HealthChecks.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", {app.TasksHealthy} healthy") : string.Empty)
            : $"{a.Key} gone");
        return $"deployment {deployment.Id}: step {Step(deployment)} {Actions(deployment)}; {string.Join("; ", counts)}";
    }

    /// <summary>The current step's actions, <c>ScaleApplication /web, RestartApplication /api</c>; - before the first step.</summary>
    public static string Actions(MarathonDeployment deployment) =>
        deployment.CurrentActions.Count == 0 ? "-" : string.Join(", ", deployment.CurrentActions.Select(a => $"{a.Action} {a.App}"));

    public static string Step(MarathonDeployment deployment) =>
        string.Create(CultureInfo.InvariantCulture, $"{deployment.CurrentStep}/{deployment.TotalSteps}");
}
