namespace Drydock.Client.Marathon;

/// <summary>A running deployment, an entry of <c>GET /v2/deployments</c> (marathon.md §5).</summary>
public sealed record MarathonDeployment
{
    /// <summary>The deployment's id (a UUID).</summary>
    public string Id { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The version the deployment moves the apps to.</summary>
    public DateTimeOffset? Version { get; init; }

    /// <summary>The apps the deployment changes.</summary>
    public IReadOnlyList<string> AffectedApps { get; init => field = value ?? []; } = [];

    /// <summary>The plan's steps; the actions of a step run together.</summary>
    public IReadOnlyList<MarathonDeploymentStep> Steps { get; init => field = value ?? []; } = [];

    /// <summary>The actions of the step running now.</summary>
    public IReadOnlyList<MarathonDeploymentAction> CurrentActions { get; init => field = value ?? []; } = [];

    /// <summary>The step running now, from 1 (0 before the first has begun).</summary>
    public int CurrentStep { get; init; }

    /// <summary>The number of steps.</summary>
    public int TotalSteps { get; init; }
}
