using System.Text.Json;
using Drydock.Services.Deployments;

namespace Drydock.Services.Events;

/// <summary>
/// <c>deployment_failed</c>: the deployment ended without reaching its target, e.g. cancelled
/// (<see cref="CancelledReason"/>); <c>reason</c> is left out when there is none.
/// </summary>
internal sealed record DeploymentFailedEvent(DeploymentPlan Plan, string? Reason = null) : MarathonEvent
{
    /// <summary>Marathon's reason for a deployment cancelled by a forced change or <c>DELETE /v2/deployments/{id}</c>.</summary>
    public const string CancelledReason = "The upgrade has been cancelled";

    public override string EventType => EventTypes.DeploymentFailed;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("id", Plan.Id);
        EventJson.WritePlan(writer, "plan", Plan);
        if (Reason is not null)
        {
            writer.WriteString("reason", Reason);
        }
    }
}
