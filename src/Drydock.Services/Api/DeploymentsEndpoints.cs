using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Services.Api;

/// <summary>
/// <c>/v2/deployments</c> and <c>/v2/queue</c> (marathon.md §5). Cancelling without force rolls the plan back as a new
/// forced deployment; with force the deployment stops where it stands (202, no body).
/// </summary>
internal static class DeploymentsEndpoints
{
    public static void MapDeployments(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/deployments", List);
        routes.MapDelete("/v2/deployments/{id}", Cancel);
        routes.MapGet("/v2/queue", Queue);
        routes.MapDelete("/v2/queue/{**path}", ResetDelay);
    }

    private static Task List(HttpContext context, ServiceScheduler scheduler)
    {
        var state = scheduler.Current;
        return MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartArray();
            foreach (var deployment in state.Deployments.Running)
            {
                DeploymentJson.WriteDeployment(writer, deployment);
            }

            writer.WriteEndArray();
        });
    }

    private static async Task Cancel(HttpContext context, string id, ServiceScheduler scheduler)
    {
        var force = Query.Bool(context, "force", false);
        var outcome = await scheduler.WriteAsync(
            (work, now) =>
            {
                if (work.State.Deployments.Find(id) is not { } deployment)
                {
                    return new Deployer.Outcome(null, new MarathonProblem(404, DeploymentMessages.NotFound(id)), []);
                }

                work.State = work.State with { Deployments = work.State.Deployments.Without(id) };
                scheduler.Cancelled([id]);
                if (force)
                {
                    work.Events.Add(new Events.DeploymentFailedEvent(deployment.Plan, DeploymentMessages.Cancelled) { Timestamp = now });
                    return new Deployer.Outcome(deployment.Plan, null, [id]);
                }

                var reverted = DeploymentPlanner.Revert(deployment.Plan, work.State.Apps);
                var changes = new Dictionary<PathId, AppDefinition?>();
                foreach (var app in deployment.Plan.AffectedApps)
                {
                    changes[app] = reverted.GetValueOrDefault(app);
                }

                return Deployer.Deploy(work, now, changes, force: true);
            },
            context.RequestAborted);
        if (force && outcome.Plan is not null)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        await AppsEndpoints.DeploymentAnswer(context, outcome, StatusCodes.Status200OK, null);
    }

    private static Task Queue(HttpContext context, ServiceScheduler scheduler, TimeProvider time)
    {
        var state = scheduler.Current;
        var now = time.GetUtcNow();
        return MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("queue");
            foreach (var app in state.Apps.Values)
            {
                var waiting = state.InstancesOf(app.Id).Where(Launcher.Waits).ToArray();
                if (waiting.Length == 0)
                {
                    continue;
                }

                var delay = state.Backoff.View(app, now);
                writer.WriteStartObject();
                writer.WriteNumber("count", waiting.Length);
                writer.WriteStartObject("delay");
                writer.WriteNumber("timeLeftSeconds", delay.TimeLeftSeconds);
                writer.WriteBoolean("overdue", delay.Overdue);
                writer.WriteEndObject();
                writer.WriteString("since", MarathonTime.Format(app.Version));
                writer.WriteStartObject("processedOffersSummary");
                writer.WriteNumber("processedOffersCount", 0);
                writer.WriteNumber("unusedOffersCount", 0);
                writer.WriteStartArray("rejectSummaryLastOffers");
                writer.WriteEndArray();
                writer.WriteStartArray("rejectSummaryLaunchAttempt");
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WritePropertyName("app");
                AppJson.Write(writer, app);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static async Task ResetDelay(HttpContext context, string? path, ServiceScheduler scheduler)
    {
        var text = path ?? "";
        if (!text.EndsWith("/delay", StringComparison.Ordinal))
        {
            await MarathonResponses.Message(context, StatusCodes.Status404NotFound, "URI not found");
            return;
        }

        var id = PathId.Parse(text[..^"/delay".Length]);
        var found = await scheduler.WriteAsync(
            (work, _) =>
            {
                if (!work.State.Apps.TryGetValue(id, out var app) || !work.State.InstancesOf(id).Any(Launcher.Waits))
                {
                    return false;
                }

                work.State = work.State with { Backoff = work.State.Backoff.Reset(app) };
                return true;
            },
            context.RequestAborted);
        if (!found)
        {
            await MarathonResponses.Message(context, StatusCodes.Status404NotFound, $"Application {id} not found in tasks queue.");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
