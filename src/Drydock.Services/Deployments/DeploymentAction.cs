using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>
/// One action of a deployment step. <see cref="App"/> is the definition the action works towards: the target version,
/// or for <see cref="DeploymentActionKind.StopApplication"/> the original one being stopped.
/// </summary>
internal sealed record DeploymentAction(DeploymentActionKind Kind, AppDefinition App)
{
    /// <summary>For ScaleApplication: the instance count to reach.</summary>
    public int? ScaleTo { get; init; }

    /// <summary>For ScaleApplication: the instances named for killing (kill-and-scale); they go first.</summary>
    public IReadOnlyList<InstanceId> InstancesToKill { get; init; } = [];

    public PathId AppId => App.Id;

    public static DeploymentAction Start(AppDefinition app) => new(DeploymentActionKind.StartApplication, app);

    public static DeploymentAction Stop(AppDefinition app) => new(DeploymentActionKind.StopApplication, app);

    public static DeploymentAction Restart(AppDefinition app) => new(DeploymentActionKind.RestartApplication, app);

    public static DeploymentAction Scale(AppDefinition app, IReadOnlyList<InstanceId>? toKill = null) =>
        new(DeploymentActionKind.ScaleApplication, app) { ScaleTo = app.Instances, InstancesToKill = toKill ?? [] };
}
