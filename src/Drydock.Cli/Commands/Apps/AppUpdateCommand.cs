using System.CommandLine;
using Drydock.Cli.Commands.Deployments;

namespace Drydock.Cli.Commands.Apps;

/// <summary>
/// <c>drydock app update ID FILE|- [--force]</c>: <c>PUT /v2/apps/{id}</c> with the fields to change (the others stay);
/// an app that does not exist is created.
/// </summary>
internal static class AppUpdateCommand
{
    public static Command Create()
    {
        var id = AppIds.Argument();
        var file = new Argument<string>("file") { Description = "The fields to change (Marathon JSON); - reads standard input" };
        var force = ServicesOptions.Force("Cancel a deployment that holds the app, where it stands, and go ahead");
        var wait = ServicesOptions.Wait();
        var timeout = ServicesOptions.Timeout();
        var command = new Command("update", "Change an app: the fields given replace the stored ones, and a deployment rolls the change out") { id, file, force, wait, timeout };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            var appId = AppIds.Normalize(parse.GetValue(id)!);
            var limit = ServicesOptions.ParseTimeout(parse.GetValue(timeout)!);
            var definition = await InputFile.ReadAsync(parse.GetValue(file)!, ct);
            var started = await session.Client.UpdateAppAsync(appId, definition, parse.GetValue(force), partialUpdate: true, ct);
            return await DeploymentFollow.FinishAsync(session, $"Updating {appId}", started, DeploymentFollow.One(appId, AppGoal.Running), parse.GetValue(wait), limit, ct);
        }));
        return command;
    }
}
