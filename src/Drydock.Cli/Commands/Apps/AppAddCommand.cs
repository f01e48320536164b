using System.CommandLine;
using Drydock.Cli.Commands.Deployments;

namespace Drydock.Cli.Commands.Apps;

/// <summary><c>drydock app add FILE|-</c>: <c>POST /v2/apps</c> with a Marathon app definition, as it is.</summary>
internal static class AppAddCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The app definition (Marathon JSON); - reads standard input" };
        var wait = ServicesOptions.Wait();
        var timeout = ServicesOptions.Timeout();
        var command = new Command("add", "Create an app from a JSON app definition and start its deployment") { file, wait, timeout };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            var limit = ServicesOptions.ParseTimeout(parse.GetValue(timeout)!);
            var definition = await InputFile.ReadAsync(parse.GetValue(file)!, ct);
            var created = await session.Client.CreateAppAsync(definition, ct);
            return await DeploymentFollow.FinishAsync(
                session, $"Created {created.App.Id}", created.Deployment, DeploymentFollow.One(created.App.Id, AppGoal.Running), parse.GetValue(wait), limit, ct);
        }));
        return command;
    }
}
