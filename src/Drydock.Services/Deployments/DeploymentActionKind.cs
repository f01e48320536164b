namespace Drydock.Services.Deployments;

/// <summary>What a deployment action does to one app; the names are Marathon's <c>action</c> values.</summary>
internal enum DeploymentActionKind
{
    /// <summary>A new app is stored; it starts 0 instances (a later ScaleApplication brings it up).</summary>
    StartApplication,

    /// <summary>An app missing from the target: every instance is killed and the app is forgotten.</summary>
    StopApplication,

    /// <summary>Bring the instance count to <see cref="DeploymentAction.ScaleTo"/>, killing the named instances first.</summary>
    ScaleApplication,

    /// <summary>Replace every instance with one of the target version, within the upgrade strategy (marathon.md §8.3).</summary>
    RestartApplication,
}
