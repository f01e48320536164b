using Drydock.Services.Deployments;

namespace Drydock.Services.Events;

/// <summary><c>deployment_step_success</c>: every action of <see cref="DeploymentStepEvent.CurrentStep"/> is done.</summary>
internal sealed record DeploymentStepSuccessEvent(DeploymentPlan Plan, DeploymentStep CurrentStep) : DeploymentStepEvent(Plan, CurrentStep)
{
    public override string EventType => EventTypes.DeploymentStepSuccess;
}
