namespace Drydock.Client.Marathon;

/// <summary>One step of a deployment plan.</summary>
public sealed record MarathonDeploymentStep
{
    /// <summary>The actions of the step.</summary>
    public IReadOnlyList<MarathonDeploymentAction> Actions { get; init => field = value ?? []; } = [];
}
