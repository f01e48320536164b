namespace Drydock.Services.Deployments;

/// <summary>
/// A deployment in the book: its plan and the step it is on, counted from 1; 0 while it has not begun its first step.
/// </summary>
internal sealed record RunningDeployment(DeploymentPlan Plan, int CurrentStep = 0)
{
    public string Id => Plan.Id;

    /// <summary>The actions of the current step; none before the first step begins or after the last.</summary>
    public IReadOnlyList<DeploymentAction> CurrentActions =>
        CurrentStep >= 1 && CurrentStep <= Plan.Steps.Count ? Plan.Steps[CurrentStep - 1].Actions : [];
}
