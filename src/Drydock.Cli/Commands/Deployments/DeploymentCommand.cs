using System.CommandLine;

namespace Drydock.Cli.Commands.Deployments;

/// <summary><c>drydock deployment list|cancel</c>: the running deployments of the service scheduler.</summary>
internal static class DeploymentCommand
{
    public static Command Create() => new("deployment", "Running deployments of the service scheduler (drydock services, Marathon's /v2 API)")
    {
        DeploymentListCommand.Create(),
        DeploymentCancelCommand.Create(),
    };
}
