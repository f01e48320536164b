using System.Globalization;
using System.Net;
using Drydock.Cli.Output;
using Drydock.Client.Marathon;

namespace Drydock.Cli.Commands.Deployments;

/// <summary>
/// <c>--wait</c>: polls <c>GET /v2/deployments</c> until the deployment is no longer listed, showing its step, actions
/// and each app's counts, then reads each app to tell a finished deployment from one that failed or was cancelled
/// (Marathon lists neither once it is over). Polls come fast at first and then once a second.
/// </summary>
internal sealed class DeploymentWaiter(MarathonClient client, TimeProvider time, ProgressLine progress)
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);

    public async Task<WaitOutcome> WaitAsync(DeploymentResult started, IReadOnlyDictionary<string, AppExpectation> apps, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var interval = FirstInterval;
        var expected = new Dictionary<string, AppExpectation>(apps, StringComparer.Ordinal);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                var current = (await client.ListDeploymentsAsync(cancellationToken)).FirstOrDefault(d => d.Id == started.DeploymentId);
                if (current is null)
                {
                    break;
                }

                Learn(expected, touched, current);
                var counts = await ReadAppsAsync(expected.Keys, cancellationToken);
                progress.Show(DeploymentViews.Progress(current, counts));
                var left = deadline - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return new WaitOutcome(WaitResult.TimedOut, [
                        $"deployment {started.DeploymentId} is still running after {TimeText.FormatDuration(timeout)} (step {DeploymentViews.Step(current)} {DeploymentViews.Actions(current)}); it goes on: `drydock deployment list`",
                    ]);
                }

                await Task.Delay(interval < left ? interval : left, time, cancellationToken);
                interval = interval * 2 < MaxInterval ? interval * 2 : MaxInterval;
            }
        }
        finally
        {
            progress.End();
        }

        return await VerifyAsync(started, expected, touched, cancellationToken);
    }

    /// <summary>Adds the apps the plan affects, and what their actions say where the caller could not tell.</summary>
    private static void Learn(Dictionary<string, AppExpectation> expected, HashSet<string> touched, MarathonDeployment deployment)
    {
        touched.UnionWith(deployment.AffectedApps);
        foreach (var action in deployment.Steps.SelectMany(s => s.Actions).Concat(deployment.CurrentActions))
        {
            var goal = action.Action == "StopApplication" ? AppGoal.Removed : AppGoal.Running;
            if (!expected.TryGetValue(action.App, out var known))
            {
                expected[action.App] = new AppExpectation(goal, OwnVersion: false);
            }
            else if (known.Goal == AppGoal.Either)
            {
                expected[action.App] = known with { Goal = goal };
            }
        }

        foreach (var app in deployment.AffectedApps.Where(a => !expected.ContainsKey(a)))
        {
            expected[app] = new AppExpectation(AppGoal.Either, OwnVersion: false);
        }
    }

    private async Task<WaitOutcome> VerifyAsync(DeploymentResult started, Dictionary<string, AppExpectation> expected, HashSet<string> touched, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var failed = false;
        var apps = await ReadAppsAsync(expected.Keys, cancellationToken);
        foreach (var (id, expectation) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var problem = Problem(started, id, expectation, apps[id], touched.Contains(id));
            failed |= problem is not null;
            lines.Add(problem ?? Standing(id, apps[id]));
        }

        return new WaitOutcome(failed ? WaitResult.Failed : WaitResult.Finished, lines);
    }

    private static string? Problem(DeploymentResult started, string id, AppExpectation expectation, MarathonApp? app, bool touched)
    {
        if (app is null)
        {
            return expectation.Goal == AppGoal.Running ? $"{id} does not exist any more" : null;
        }

        if (expectation.Goal == AppGoal.Removed)
        {
            return $"{id} still exists";
        }

        if (app.Deployments.Where(d => d.Id != started.DeploymentId).Select(d => d.Id).ToList() is { Count: > 0 } others)
        {
            return $"{id} is being changed by deployment {string.Join(", ", others)}: this one was cancelled or replaced";
        }

        if (expectation.OwnVersion && started.Version is { } version && app.Version is { } now)
        {
            if (now > version)
            {
                return $"{id} changed again after this deployment (now version {Format(now)})";
            }

            if (now < version && touched)
            {
                return $"{id} is back at version {Format(now)}: the deployment was rolled back";
            }
        }

        var failure = app.LastTaskFailure is { } f ? $"; last failure: {f.State} {f.Message}" : string.Empty;
        if (app.TasksRunning < app.Instances)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{id} has {app.TasksRunning} of {app.Instances} instance(s) running{failure}");
        }

        return app.HealthChecks.Count > 0 && app.TasksHealthy < app.Instances
            ? string.Create(CultureInfo.InvariantCulture, $"{id} has {app.TasksHealthy} of {app.Instances} instance(s) healthy{failure}")
            : null;
    }

    private static string Standing(string id, MarathonApp? app) => app is null
        ? $"{id} removed"
        : string.Create(CultureInfo.InvariantCulture, $"{id} {app.TasksRunning}/{app.Instances} running")
            + (app.HealthChecks.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", {app.TasksHealthy} healthy") : string.Empty);

    private static string Format(DateTimeOffset version) => version.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Each app as it stands now; null for one that does not exist.</summary>
    private async Task<Dictionary<string, MarathonApp?>> ReadAppsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var apps = new Dictionary<string, MarathonApp?>(StringComparer.Ordinal);
        foreach (var id in ids.ToList())
        {
            try
            {
                apps[id] = await client.GetAppAsync(id, cancellationToken);
            }
            catch (MarathonApiException e) when (e.Status == HttpStatusCode.NotFound && e.IsMarathonError)
            {
                apps[id] = null;
            }
        }

        return apps;
    }
}
