namespace Drydock.Services.Deployments;

/// <summary>
/// What <see cref="DeploymentBook.TryStart"/> decided. Started: <see cref="Book"/> is the new book and
/// <see cref="Cancelled"/> the deployments force stopped where they stood (each gets a <c>deployment_failed</c> with
/// <see cref="DeploymentMessages.Cancelled"/>). Refused: <see cref="Book"/> is null, and either
/// <see cref="LockedBy"/> lists the conflicting deployments (409) or <see cref="TooMany"/> is set (403).
/// </summary>
internal sealed record DeploymentStartResult
{
    public DeploymentBook? Book { get; init; }

    public IReadOnlyList<RunningDeployment> Cancelled { get; init; } = [];

    public IReadOnlyList<string> LockedBy { get; init; } = [];

    public bool TooMany { get; init; }

    public bool Started => Book is not null;
}
