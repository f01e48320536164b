namespace Drydock.Cli.Commands.Deployments;

/// <summary>How <c>--wait</c> ended.</summary>
internal enum WaitResult
{
    /// <summary>The deployment is gone and every app stands as it should.</summary>
    Finished,

    /// <summary>The deployment is gone but an app does not stand as it should: it failed, or was cancelled or replaced.</summary>
    Failed,

    /// <summary>The deployment was still running at the deadline.</summary>
    TimedOut,
}
