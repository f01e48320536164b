using Drydock.Services.Apps;
using Drydock.Services.Hosting;
using Drydock.Services.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Services.Api;

/// <summary>
/// <c>/v2/apps</c> (marathon.md §4): list, get, create, update, delete, restart, an app's tasks and versions. Ids in
/// paths are made absolute, so <c>/v2/apps//a/b/</c> names <c>/a/b</c>; the endings <c>/restart</c>, <c>/tasks</c>,
/// <c>/versions</c> are sub-resources. Every change goes through the scheduler's writer and is stored before the answer.
/// </summary>
internal static class AppsEndpoints
{
    public static void MapApps(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/apps", List);
        routes.MapPost("/v2/apps", Create);
        routes.MapMethods("/v2/apps/{**path}", ["GET", "PUT", "PATCH", "DELETE", "POST"], Dispatch);
    }

    private static Task Dispatch(HttpContext context, string? path, ServiceScheduler scheduler, ServicesSettings settings)
    {
        var text = path ?? "";
        var method = context.Request.Method;
        if (text.Trim('/').Length == 0)
        {
            return method == "POST" ? Create(context, scheduler, settings) : method == "GET" ? List(context, scheduler) : NotFound(context);
        }

        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var last = segments[^1];
        if (method == "POST" && last == "restart")
        {
            return Restart(context, PathId.FromSegments(segments[..^1]), scheduler);
        }

        var tasksAt = Array.LastIndexOf(segments, "tasks");
        if (tasksAt > 0 && tasksAt >= segments.Length - 2 && method is "GET" or "DELETE")
        {
            var app = PathId.FromSegments(segments[..tasksAt]);
            var taskId = tasksAt == segments.Length - 2 ? segments[^1] : null;
            return method == "GET" && taskId is null ? Tasks(context, app, scheduler) : TaskEndpoints.KillAppTasks(context, app, taskId, scheduler);
        }

        var versionsAt = Array.LastIndexOf(segments, "versions");
        if (method == "GET" && versionsAt > 0 && versionsAt >= segments.Length - 2)
        {
            return Versions(context, PathId.FromSegments(segments[..versionsAt]), versionsAt == segments.Length - 2 ? segments[^1] : null, scheduler);
        }

        var id = PathId.FromSegments(segments);
        return method switch
        {
            "GET" => Get(context, id, scheduler),
            "PUT" => Update(context, id, scheduler, settings, create: true),
            "PATCH" => Update(context, id, scheduler, settings, create: false),
            "DELETE" => Delete(context, id, scheduler),
            _ => NotFound(context),
        };
    }

    private static Task NotFound(HttpContext context) => MarathonResponses.Message(context, StatusCodes.Status404NotFound, "URI not found");

    private static Task List(HttpContext context, ServiceScheduler scheduler)
    {
        var query = context.Request.Query;
        var filter = AppFilter.TryCreate(query["cmd"], query["id"], query["label"], out var error);
        if (filter is null)
        {
            return MarathonResponses.Message(context, StatusCodes.Status400BadRequest, error ?? "Invalid filter");
        }

        var state = scheduler.Current;
        var embed = AppEmbeds.Parse(query["embed"], AppEmbeds.ForList);
        return MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("apps");
            foreach (var app in state.Apps.Values.Where(filter.Matches))
            {
                AppInfo.Write(writer, state, app, embed);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static Task Get(HttpContext context, PathId id, ServiceScheduler scheduler)
    {
        var state = scheduler.Current;
        var embed = AppEmbeds.Parse(context.Request.Query["embed"], AppEmbeds.ForApp);
        if (id.Segments.Count > 0 && id.Segments[^1] == "*")
        {
            var group = id.Parent;
            return MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("*");
                foreach (var app in state.Apps.Values.Where(a => a.Id.IsUnder(group)))
                {
                    AppInfo.Write(writer, state, app, embed);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }

        if (!state.Apps.TryGetValue(id, out var found))
        {
            return Problem(context, MarathonProblem.AppNotFound(id));
        }

        return MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("app");
            AppInfo.Write(writer, state, found, embed);
            writer.WriteEndObject();
        });
    }

    private static async Task Create(HttpContext context, ServiceScheduler scheduler, ServicesSettings settings)
    {
        var body = await Body.ReadAsync(context);
        var result = new AppReader(new AppRules(settings.Role)).ReadCreate(body);
        if (result.App is not { } app)
        {
            await Problem(context, result.Problem!);
            return;
        }

        var force = Query.Bool(context, "force", false);
        var outcome = await scheduler.WriteAsync(
            (work, now) =>
            {
                if (work.State.Apps.ContainsKey(app.Id))
                {
                    return new Deployer.Outcome(null, MarathonProblem.AppExists(app.Id), []);
                }

                work.Events.Add(new Events.ApiPostEvent(context.Connection.RemoteIpAddress?.ToString() ?? "", context.Request.Path, app) { Timestamp = now });
                return Deployer.Deploy(work, now, new Dictionary<PathId, AppDefinition?> { [app.Id] = app }, force);
            },
            context.RequestAborted);
        if (outcome.Plan is not { } plan)
        {
            await Problem(context, outcome.Problem!);
            return;
        }

        var stored = scheduler.Current.Apps.GetValueOrDefault(app.Id) ?? app;
        context.Response.Headers["Marathon-Deployment-Id"] = plan.Id;
        context.Response.Headers.Location = $"{context.Request.Scheme}://{context.Request.Host}{app.Id.Value}";
        // The answer is the app as posted: service ports still 0, no versionInfo, no tasks, its deployment.
        var posted = app with { Version = stored.Version, VersionInfo = null };
        await MarathonResponses.Json(context, StatusCodes.Status201Created, writer => AppJson.Write(writer, posted, w =>
        {
            AppEmbedWriter.WriteCounts(w, TaskCounts.None);
            AppEmbedWriter.WriteDeployments(w, [plan.Id]);
        }));
    }

    private static async Task Update(HttpContext context, PathId id, ServiceScheduler scheduler, ServicesSettings settings, bool create)
    {
        var body = await Body.ReadAsync(context);
        var partial = Query.Bool(context, "partialUpdate", true);
        var force = Query.Bool(context, "force", false);
        var stored = scheduler.Current.Apps.GetValueOrDefault(id);
        if (stored is null && !create)
        {
            await Problem(context, MarathonProblem.AppNotFound(id));
            return;
        }

        var reader = new AppReader(new AppRules(settings.Role));
        var result = reader.ReadUpdate(body, id, stored, partial);
        if (!result.Succeeded)
        {
            await Problem(context, result.Problem!);
            return;
        }

        AppDefinition? target = result.App;
        if (result.RollbackTo is { } version)
        {
            var json = await scheduler.VersionAsync(id, version, context.RequestAborted);
            target = json is null ? null : StoredApps.Read(reader, new Persistence.StoredAppVersion(id, version, json));
            if (target is null)
            {
                await Problem(context, MarathonProblem.AppVersionNotFound(id, version));
                return;
            }
        }

        var outcome = await scheduler.WriteAsync((work, now) => Deployer.Deploy(work, now, new Dictionary<PathId, AppDefinition?> { [id] = target }, force), context.RequestAborted);
        await DeploymentAnswer(context, outcome, stored is null ? StatusCodes.Status201Created : StatusCodes.Status200OK, stored is null ? id : null);
    }

    private static async Task Delete(HttpContext context, PathId id, ServiceScheduler scheduler)
    {
        var force = Query.Bool(context, "force", true);
        var outcome = await scheduler.WriteAsync(
            (work, now) => work.State.Apps.ContainsKey(id)
                ? Deployer.Deploy(work, now, new Dictionary<PathId, AppDefinition?> { [id] = null }, force)
                : new Deployer.Outcome(null, MarathonProblem.AppNotFound(id), []),
            context.RequestAborted);
        await DeploymentAnswer(context, outcome, StatusCodes.Status200OK, null);
    }

    private static async Task Restart(HttpContext context, PathId id, ServiceScheduler scheduler)
    {
        var force = Query.Bool(context, "force", false);
        var outcome = await scheduler.WriteAsync(
            (work, now) => work.State.Apps.TryGetValue(id, out var app)
                ? Deployer.Deploy(work, now, new Dictionary<PathId, AppDefinition?> { [id] = app }, force, restarts: new HashSet<PathId> { id })
                : new Deployer.Outcome(null, MarathonProblem.AppNotFound(id), []),
            context.RequestAborted);
        await DeploymentAnswer(context, outcome, StatusCodes.Status200OK, null);
    }

    private static Task Tasks(HttpContext context, PathId id, ServiceScheduler scheduler)
    {
        var state = scheduler.Current;
        var group = id.Segments.Count > 0 && id.Segments[^1] == "*" ? id.Parent : (PathId?)null;
        var apps = group is { } g ? state.Apps.Values.Where(a => a.Id.IsUnder(g)).ToArray() : state.Apps.TryGetValue(id, out var one) ? [one] : [];
        if (apps.Length == 0 && group is null)
        {
            return Problem(context, MarathonProblem.AppNotFound(id));
        }

        return MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("tasks");
            foreach (var app in apps)
            {
                foreach (var instance in state.InstancesOf(app.Id).Where(TaskJson.IsListed))
                {
                    TaskJson.Write(writer, instance, app.Role);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static async Task Versions(HttpContext context, PathId id, string? version, ServiceScheduler scheduler)
    {
        if (!scheduler.Current.Apps.ContainsKey(id))
        {
            await Problem(context, MarathonProblem.AppNotFound(id));
            return;
        }

        if (version is null)
        {
            var versions = await scheduler.VersionsAsync(id, context.RequestAborted);
            await MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("versions");
                foreach (var v in versions)
                {
                    writer.WriteStringValue(MarathonTime.Format(v));
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return;
        }

        if (!MarathonTime.TryParse(version, out var at) || await scheduler.VersionAsync(id, at, context.RequestAborted) is not { } json)
        {
            await MarathonResponses.Message(context, StatusCodes.Status404NotFound, $"App '{id}' does not exist in version {version}");
            return;
        }

        context.Response.ContentType = MarathonResponses.JsonType;
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    internal static Task DeploymentAnswer(HttpContext context, Deployer.Outcome outcome, int status, PathId? created)
    {
        if (outcome.Plan is not { } plan)
        {
            return Problem(context, outcome.Problem!);
        }

        context.Response.Headers["Marathon-Deployment-Id"] = plan.Id;
        if (created is { } id)
        {
            context.Response.Headers.Location = $"{context.Request.Scheme}://{context.Request.Host}{id.Value}";
        }

        return MarathonResponses.Json(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("deploymentId", plan.Id);
            writer.WriteString("version", MarathonTime.Format(plan.Version));
            writer.WriteEndObject();
        });
    }

    internal static async Task Problem(HttpContext context, MarathonProblem problem)
    {
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = MarathonResponses.JsonType;
        var bytes = problem.ToJsonBytes();
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
