namespace Drydock.Client.Marathon;

/// <summary>The answer of a call that started a deployment: <c>{"deploymentId","version"}</c> (marathon.md §4).</summary>
public sealed record DeploymentResult
{
    /// <summary>The id of the deployment that was started.</summary>
    public string DeploymentId { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The version the deployment moves the apps to.</summary>
    public DateTimeOffset? Version { get; init; }
}
