using System.CommandLine;
using Drydock.Cli.Output;

namespace Drydock.Cli.Commands.Apps;

/// <summary><c>drydock app show ID [--json]</c>: <c>GET /v2/apps/{id}</c>, the app with its tasks.</summary>
internal static class AppShowCommand
{
    public static Command Create()
    {
        var id = AppIds.Argument();
        var json = ServicesOptions.Json();
        var command = new Command("show", "Show one app: its counts, deployments, last failure and tasks") { id, json };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            var appId = AppIds.Normalize(parse.GetValue(id)!);
            if (parse.GetValue(json))
            {
                await session.Out.WriteLineAsync(await session.Client.GetAppJsonAsync(appId, ct));
                return 0;
            }

            AppViews.WriteApp(session.Console(), await session.Client.GetAppAsync(appId, ct), DateTimeOffset.UtcNow);
            return 0;
        }));
        return command;
    }
}
