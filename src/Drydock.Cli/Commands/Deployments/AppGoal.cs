namespace Drydock.Cli.Commands.Deployments;

/// <summary>How an app should stand once a deployment is done.</summary>
internal enum AppGoal
{
    /// <summary>Present, with its instances running (and healthy, when it has health checks).</summary>
    Running,

    /// <summary>Gone (404).</summary>
    Removed,

    /// <summary>Either gone or running, as the plan says (a rollback brings some apps back and removes others).</summary>
    Either,
}
