using System.CommandLine;

namespace Drydock.Cli.Commands.Deployments;

/// <summary>
/// <c>drydock deployment cancel ID [--force]</c>: <c>DELETE /v2/deployments/{id}</c>. Without <c>--force</c> a new
/// deployment rolls the change back (and <c>--wait</c> follows it); with it the deployment stops where it stands.
/// </summary>
internal static class DeploymentCancelCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The deployment's id (as `drydock deployment list` shows it)" };
        var force = ServicesOptions.Force("Stop the deployment where it stands, with no rollback: instances stay as they are");
        var wait = ServicesOptions.Wait();
        var timeout = ServicesOptions.Timeout();
        var command = new Command("cancel", "Cancel a deployment: roll its change back, or with --force stop it where it stands") { id, force, wait, timeout };
        command.SetAction((parse, ct) => ServicesRunner.RunAsync(parse, async session =>
        {
            var deploymentId = parse.GetValue(id)!.Trim();
            if (deploymentId.Length == 0)
            {
                throw new UsageException("a deployment id is needed (see `drydock deployment list`)");
            }

            var limit = ServicesOptions.ParseTimeout(parse.GetValue(timeout)!);
            if (parse.GetValue(force))
            {
                if (parse.GetValue(wait))
                {
                    throw new UsageException("--wait follows the rollback, and --force starts none: the deployment stops at once");
                }

                await session.Client.CancelDeploymentAsync(deploymentId, force: true, ct);
                await session.Out.WriteLineAsync($"Stopped deployment {deploymentId} where it stood; no rollback");
                return 0;
            }

            // The apps the rollback will touch, known before the deployment disappears.
            var cancelled = (await session.Client.ListDeploymentsAsync(ct)).FirstOrDefault(d => d.Id == deploymentId);
            var apps = (cancelled?.AffectedApps ?? []).ToDictionary(a => a, _ => new AppExpectation(AppGoal.Either, OwnVersion: false), StringComparer.Ordinal);
            var rollback = await session.Client.CancelDeploymentAsync(deploymentId, force: false, ct);
            return await DeploymentFollow.FinishAsync(session, $"Rolling back deployment {deploymentId}", rollback!, apps, parse.GetValue(wait), limit, ct);
        }));
        return command;
    }
}
