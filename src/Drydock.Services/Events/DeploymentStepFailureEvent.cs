using Drydock.Services.Deployments;

namespace Drydock.Services.Events;

/// <summary><c>deployment_step_failure</c>: <see cref="DeploymentStepEvent.CurrentStep"/> was cancelled or failed.</summary>
internal sealed record DeploymentStepFailureEvent(DeploymentPlan Plan, DeploymentStep CurrentStep) : DeploymentStepEvent(Plan, CurrentStep)
{
    public override string EventType => EventTypes.DeploymentStepFailure;
}
