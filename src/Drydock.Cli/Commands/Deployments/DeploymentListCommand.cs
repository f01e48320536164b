using System.CommandLine;
using Drydock.Cli.Output;

namespace Drydock.Cli.Commands.Deployments;

/// <summary><c>drydock deployment list [--json]</c>: <c>GET /v2/deployments</c>.</summary>
internal static class DeploymentListCommand
{
    public static Command Create()
    {
        var json = ServicesOptions.Json();
        var command = new Command("list", "List the running deployments: apps, current actions, step, version") { json };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            if (parse.GetValue(json))
            {
                await session.Out.WriteLineAsync(await session.Client.ListDeploymentsJsonAsync(ct));
                return 0;
            }

            DeploymentViews.WriteDeployments(session.Console(), await session.Client.ListDeploymentsAsync(ct), DateTimeOffset.UtcNow);
            return 0;
        }));
        return command;
    }
}
