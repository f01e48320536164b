using System.CommandLine;
using Drydock.Cli.Commands.Deployments;

namespace Drydock.Cli.Commands.Apps;

/// <summary>
/// <c>drydock app remove ID [--force]</c>: <c>DELETE /v2/apps/{id}</c>. Unlike Marathon's default, a deployment that
/// holds the app is cancelled only with <c>--force</c>, as for the other commands.
/// </summary>
internal static class AppRemoveCommand
{
    public static Command Create()
    {
        var id = AppIds.Argument();
        var force = ServicesOptions.Force("Cancel a deployment that holds the app, where it stands, and go ahead");
        var wait = ServicesOptions.Wait();
        var timeout = ServicesOptions.Timeout();
        var command = new Command("remove", "Stop every instance of an app and remove it") { id, force, wait, timeout };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            var appId = AppIds.Normalize(parse.GetValue(id)!);
            var limit = ServicesOptions.ParseTimeout(parse.GetValue(timeout)!);
            var started = await session.Client.DeleteAppAsync(appId, parse.GetValue(force), ct);
            return await DeploymentFollow.FinishAsync(session, $"Removing {appId}", started, DeploymentFollow.One(appId, AppGoal.Removed), parse.GetValue(wait), limit, ct);
        }));
        return command;
    }
}
