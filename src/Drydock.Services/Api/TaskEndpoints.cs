using Drydock.Services.Apps;
using Drydock.Services.Instances;
using Drydock.Services.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Services.Api;

/// <summary>
/// <c>/v2/tasks</c>, <c>/v2/tasks/delete</c> and the kills of <c>DELETE /v2/apps/{id}/tasks[/{taskId}]</c>
/// (marathon.md §4.7, §5). A kill without <c>scale</c> leaves the instance's goal at Running, so it is relaunched; with
/// <c>scale</c> it is a kill-and-scale deployment; <c>wipe</c> forgets the instance, and the scale check starts a new one.
/// </summary>
internal static class TaskEndpoints
{
    public static void MapTasks(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/tasks", List);
        routes.MapPost("/v2/tasks/delete", DeleteMany);
    }

    private static Task List(HttpContext context, ServiceScheduler scheduler)
    {
        var wanted = context.Request.Query["status"].Concat(context.Request.Query["status[]"])
            .Select(s => s?.ToLowerInvariant()).Where(s => s is "running" or "staging").ToHashSet();
        var state = scheduler.Current;
        return MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("tasks");
            foreach (var app in state.Apps.Values)
            {
                foreach (var instance in state.InstancesOf(app.Id).Where(TaskJson.IsListed))
                {
                    var shown = TaskJson.StateOf(instance);
                    if (wanted.Count > 0 && !(wanted.Contains("running") && shown == TaskStates.Running) && !(wanted.Contains("staging") && shown == TaskStates.Staging))
                    {
                        continue;
                    }

                    TaskJson.Write(writer, instance, app.Role, app.ServicePorts);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    internal static async Task KillAppTasks(HttpContext context, PathId app, string? taskId, ServiceScheduler scheduler)
    {
        var state = scheduler.Current;
        if (!state.Apps.ContainsKey(app))
        {
            await AppsEndpoints.Problem(context, MarathonProblem.AppNotFound(app));
            return;
        }

        var host = context.Request.Query["host"].FirstOrDefault();
        Instance[] victims;
        if (taskId is not null)
        {
            var found = state.FindByTask(taskId);
            if (found is null || found.AppId != app || found.TaskId != taskId)
            {
                await MarathonResponses.Message(context, StatusCodes.Status404NotFound, $"Task '{taskId}' does not exist");
                return;
            }

            victims = [found];
        }
        else
        {
            victims = state.InstancesOf(app).Where(i => i.IsActive && (host is null or "*" || string.Equals(i.Hostname, host, StringComparison.OrdinalIgnoreCase))).ToArray();
        }

        await KillAsync(context, scheduler, victims, single: taskId is not null);
    }

    private static async Task DeleteMany(HttpContext context, ServiceScheduler scheduler)
    {
        var body = await Body.ReadAsync(context);
        List<string> ids;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("ids", out var list) || list.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                await AppsEndpoints.Problem(context, MarathonProblem.InvalidShape([new ProblemDetail("/ids", ["error.path.missing"])]));
                return;
            }

            ids = list.EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
        }
        catch (System.Text.Json.JsonException e)
        {
            await AppsEndpoints.Problem(context, body.Length == 0 ? MarathonProblem.NoData() : MarathonProblem.InvalidJson(e.Message));
            return;
        }

        var state = scheduler.Current;
        var victims = new List<Instance>();
        foreach (var id in ids)
        {
            if (InstanceId.ParseTaskId(id) is null)
            {
                await MarathonResponses.Message(context, StatusCodes.Status400BadRequest, $"Invalid task id '{id}'. [Unable to parse the task id]");
                return;
            }

            if (state.FindByTask(id) is { } instance && instance.TaskId == id)
            {
                victims.Add(instance);
            }
        }

        await KillAsync(context, scheduler, victims, single: false);
    }

    private static async Task KillAsync(HttpContext context, ServiceScheduler scheduler, IReadOnlyList<Instance> victims, bool single)
    {
        var scale = Query.Bool(context, "scale", false);
        var wipe = Query.Bool(context, "wipe", false);
        var force = Query.Bool(context, "force", false);
        if (scale && wipe)
        {
            await MarathonResponses.Message(context, StatusCodes.Status400BadRequest, "You cannot use scale and wipe at the same time.");
            return;
        }

        if (scale)
        {
            var outcome = await scheduler.WriteAsync(
                (work, now) =>
                {
                    var changes = new Dictionary<PathId, AppDefinition?>();
                    var toKill = new Dictionary<PathId, IReadOnlyList<InstanceId>>();
                    foreach (var byApp in victims.GroupBy(v => v.AppId))
                    {
                        if (work.State.Apps.TryGetValue(byApp.Key, out var app))
                        {
                            var killing = byApp.Count(v => v.Goal == InstanceGoal.Running);
                            changes[app.Id] = app with { Instances = Math.Max(0, app.Instances - killing) };
                            toKill[app.Id] = byApp.Select(v => v.Id).ToArray();
                        }
                    }

                    return Deployer.Deploy(work, now, changes, force, toKill: toKill);
                },
                context.RequestAborted);
            await AppsEndpoints.DeploymentAnswer(context, outcome, StatusCodes.Status200OK, null);
            return;
        }

        await scheduler.WriteAsync(
            (work, _) =>
            {
                foreach (var victim in victims)
                {
                    if (!work.State.Instances.TryGetValue(victim.Id, out var current))
                    {
                        continue;
                    }

                    if (wipe)
                    {
                        work.Decommission(current);
                    }
                    else if (current.TaskId is { } taskId && current.State != TaskStates.Unreachable)
                    {
                        work.Kills.Add((taskId, current.AgentId, null));
                    }
                }

                return 0;
            },
            context.RequestAborted);
        var state = scheduler.Current;
        await MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            if (single)
            {
                writer.WritePropertyName("task");
                TaskJson.Write(writer, victims[0], state.Apps.GetValueOrDefault(victims[0].AppId)?.Role ?? "*");
            }
            else
            {
                writer.WriteStartArray("tasks");
                foreach (var victim in victims)
                {
                    TaskJson.Write(writer, victim, state.Apps.GetValueOrDefault(victim.AppId)?.Role ?? "*");
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        });
    }
}
