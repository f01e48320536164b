using System.CommandLine;
using System.Globalization;
using Drydock.Cli.Commands.Deployments;

namespace Drydock.Cli.Commands.Apps;

/// <summary><c>drydock app scale ID N [--force]</c>: <c>PUT /v2/apps/{id}</c> with <c>{"instances":N}</c>.</summary>
internal static class AppScaleCommand
{
    public static Command Create()
    {
        var id = AppIds.Argument();
        var instances = new Argument<string>("instances") { Description = "How many instances the app should run (0 or more)" };
        var force = ServicesOptions.Force("Cancel a deployment that holds the app, where it stands, and go ahead");
        var wait = ServicesOptions.Wait();
        var timeout = ServicesOptions.Timeout();
        var command = new Command("scale", "Set how many instances an app runs") { id, instances, force, wait, timeout };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            var appId = AppIds.Normalize(parse.GetValue(id)!);
            var text = parse.GetValue(instances)!;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new UsageException($"instances '{text}' is not a whole number from 0 to {int.MaxValue}");
            }

            var limit = ServicesOptions.ParseTimeout(parse.GetValue(timeout)!);
            var started = await session.Client.ScaleAppAsync(appId, count, parse.GetValue(force), ct);
            return await DeploymentFollow.FinishAsync(
                session, string.Create(CultureInfo.InvariantCulture, $"Scaling {appId} to {count}"), started, DeploymentFollow.One(appId, AppGoal.Running), parse.GetValue(wait), limit, ct);
        }));
        return command;
    }
}
