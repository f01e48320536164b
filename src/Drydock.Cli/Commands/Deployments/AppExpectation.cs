namespace Drydock.Cli.Commands.Deployments;

/// <summary>
/// What <c>--wait</c> checks an app against when its deployment is no longer listed. <see cref="OwnVersion"/>: the
/// deployment gave the app its version, so an app at another version was rolled back or changed again since.
/// </summary>
internal sealed record AppExpectation(AppGoal Goal, bool OwnVersion);
