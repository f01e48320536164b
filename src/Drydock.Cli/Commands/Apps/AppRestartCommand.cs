using System.CommandLine;
using Drydock.Cli.Commands.Deployments;

namespace Drydock.Cli.Commands.Apps;

/// <summary><c>drydock app restart ID [--force]</c>: <c>POST /v2/apps/{id}/restart</c>, a rolling replacement of every instance.</summary>
internal static class AppRestartCommand
{
    public static Command Create()
    {
        var id = AppIds.Argument();
        var force = ServicesOptions.Force("Cancel a deployment that holds the app, where it stands, and go ahead");
        var wait = ServicesOptions.Wait();
        var timeout = ServicesOptions.Timeout();
        var command = new Command("restart", "Replace every instance of an app, following its upgrade strategy") { id, force, wait, timeout };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            var appId = AppIds.Normalize(parse.GetValue(id)!);
            var limit = ServicesOptions.ParseTimeout(parse.GetValue(timeout)!);
            var started = await session.Client.RestartAppAsync(appId, parse.GetValue(force), ct);
            return await DeploymentFollow.FinishAsync(session, $"Restarting {appId}", started, DeploymentFollow.One(appId, AppGoal.Running), parse.GetValue(wait), limit, ct);
        }));
        return command;
    }
}
