using Drydock.Services.Deployments;
using Drydock.Services.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Services.Api;

/// <summary>
/// <c>GET /drydock/maintenance</c>: Drydock's own view of the migrations off agents under maintenance (outside
/// <c>/v2</c>, whose answers stay Marathon's): for each agent asked back, whether this scheduler gives it back now and,
/// if not, why; for each app moving, how (make-before-break, kill-first, stalled), and what it waits for.
/// </summary>
internal static class MaintenanceEndpoints
{
    public static void MapMaintenance(this IEndpointRouteBuilder routes) => routes.MapGet("/drydock/maintenance", (HttpContext context, ServiceScheduler scheduler) =>
    {
        var plan = scheduler.Migration;
        return MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("agents");
            foreach (var verdict in plan.Agents.Values.OrderBy(v => v.AgentId, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("agentId", verdict.AgentId);
                writer.WriteBoolean("accept", verdict.Accept);
                if (verdict.Reason is { } reason)
                {
                    writer.WriteString("reason", reason);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("apps");
            foreach (var decision in plan.Apps.Values.Where(d => d.Mode != MigrationMode.Idle).OrderBy(d => d.AppId.Value, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("appId", decision.AppId.Value);
                writer.WriteString("mode", decision.Mode.ToString());
                if (decision.Waiting is { } waiting)
                {
                    writer.WriteString("waiting", waiting);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    });
}
