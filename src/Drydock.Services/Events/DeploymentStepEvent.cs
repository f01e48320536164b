using System.Text.Json;
using Drydock.Services.Deployments;

namespace Drydock.Services.Events;

/// <summary>
/// The events about one step of a deployment: the heavy <c>plan</c> and <c>currentStep</c> as an object
/// <c>{"actions":[{"action","app"}]}</c> (not a number). The Python client builds its plan model from
/// <c>original</c>/<c>target</c>, so the light plan would make it raise.
/// </summary>
internal abstract record DeploymentStepEvent(DeploymentPlan Plan, DeploymentStep CurrentStep) : MarathonEvent
{
    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        EventJson.WritePlan(writer, "plan", Plan);
        writer.WritePropertyName("currentStep");
        DeploymentJson.WriteStep(writer, CurrentStep);
    }
}
