using Drydock.Services.Deployments;

namespace Drydock.Services.Events;

/// <summary><c>deployment_info</c>: a deployment begins <see cref="DeploymentStepEvent.CurrentStep"/> (steps with no actions are never announced).</summary>
internal sealed record DeploymentInfoEvent(DeploymentPlan Plan, DeploymentStep CurrentStep) : DeploymentStepEvent(Plan, CurrentStep)
{
    public override string EventType => EventTypes.DeploymentInfo;
}
