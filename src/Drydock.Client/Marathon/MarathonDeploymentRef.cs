namespace Drydock.Client.Marathon;

/// <summary>A deployment named by id, as in an app's <c>deployments</c> or a 409's <c>deployments</c>.</summary>
public sealed record MarathonDeploymentRef
{
    /// <summary>The deployment's id (a UUID).</summary>
    public string Id { get; init => field = value ?? string.Empty; } = string.Empty;
}
