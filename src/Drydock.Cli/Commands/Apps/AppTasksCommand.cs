using System.CommandLine;
using Drydock.Cli.Output;

namespace Drydock.Cli.Commands.Apps;

/// <summary><c>drydock app tasks ID [--json]</c>: <c>GET /v2/apps/{id}/tasks</c>.</summary>
internal static class AppTasksCommand
{
    public static Command Create()
    {
        var id = AppIds.Argument();
        var json = ServicesOptions.Json();
        var command = new Command("tasks", "List an app's tasks: host, state, health, start, ports") { id, json };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            var appId = AppIds.Normalize(parse.GetValue(id)!);
            if (parse.GetValue(json))
            {
                await session.Out.WriteLineAsync(await session.Client.ListAppTasksJsonAsync(appId, ct));
                return 0;
            }

            AppViews.WriteTasks(session.Console(), await session.Client.ListAppTasksAsync(appId, ct), DateTimeOffset.UtcNow);
            return 0;
        }));
        return command;
    }
}
