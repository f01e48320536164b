using System.CommandLine;
using Drydock.Cli.Output;

namespace Drydock.Cli.Commands.Apps;

/// <summary><c>drydock app list [--json]</c>: <c>GET /v2/apps</c>.</summary>
internal static class AppListCommand
{
    public static Command Create()
    {
        var json = ServicesOptions.Json();
        var command = new Command("list", "List the apps: instances running/wanted, health, resources, deployments") { json };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            if (parse.GetValue(json))
            {
                await session.Out.WriteLineAsync(await session.Client.ListAppsJsonAsync(cancellationToken: ct));
                return 0;
            }

            AppViews.WriteApps(session.Console(), await session.Client.ListAppsAsync(cancellationToken: ct));
            return 0;
        }));
        return command;
    }
}
