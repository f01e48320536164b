namespace Drydock.Services.Deployments;

/// <summary>One step of a plan: its actions run in parallel, and the next step starts when all of them are done.</summary>
internal sealed record DeploymentStep(IReadOnlyList<DeploymentAction> Actions);
