using System.Text.Json;
using Drydock.Services.Deployments;

namespace Drydock.Services.Events;

/// <summary><c>deployment_success</c>: the deployment's last step is done; <c>id</c> is the plan's.</summary>
internal sealed record DeploymentSuccessEvent(DeploymentPlan Plan) : MarathonEvent
{
    public override string EventType => EventTypes.DeploymentSuccess;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("id", Plan.Id);
        EventJson.WritePlan(writer, "plan", Plan);
    }
}
