using Drydock.Master.Frameworks;
using Drydock.Master.Hosting;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>The read-only v0 endpoints tools poll: <c>/state</c>, <c>/slaves</c>, <c>/state-summary</c>, <c>/health</c> (<see cref="HealthEndpoint"/>), <c>/version</c>, <c>/flags</c>.</summary>
internal static class StateEndpoints
{
    public static void MapState(this IEndpointRouteBuilder routes)
    {
        routes.MapMesos("state", MesosRoutes.Get, async context => await Json(context, await StateAsync(context)));
        routes.MapMesos("state.json", MesosRoutes.Get, async context => await Json(context, await StateAsync(context)));
        routes.MapMesos("slaves", MesosRoutes.Get, context => Json(context, Agents(context)));
        routes.MapMesos("frameworks", MesosRoutes.Get, async context => await Json(context, await FrameworksAsync(context)));
        routes.MapMesos("tasks", MesosRoutes.Get, Tasks);
        routes.MapMesos("state-summary", MesosRoutes.Get, async context => await Json(context, await SummaryAsync(context)));
        routes.MapMesos("version", MesosRoutes.Get, context => Json(context, BuildInfo.Version));
        routes.MapMesos("flags", MesosRoutes.Get, context => Json(context, new FlagsResponse(Options(context).ToFlags())));
        routes.MapHealth();
    }

    internal static async Task<MasterState> StateAsync(HttpContext context)
    {
        var identity = context.RequestServices.GetRequiredService<MasterIdentity>();
        var version = BuildInfo.Version;
        var started = UnixTime.Seconds(identity.StartTime);
        var agents = Agents(context);
        var frameworks = await FrameworksAsync(context);
        return new MasterState
        {
            Version = version.Version,
            DrydockVersion = version.DrydockVersion,
            GitSha = version.GitSha,
            BuildDate = version.BuildDate,
            BuildTime = version.BuildTime,
            BuildUser = version.BuildUser,
            StartTime = started,
            ElectedTime = started,
            Id = identity.Id,
            Pid = identity.Pid,
            Hostname = identity.Hostname,
            Capabilities = [],
            ActivatedSlaves = agents.Slaves.Count(a => a.Active),
            DeactivatedSlaves = agents.Slaves.Count(a => !a.Active),
            UnreachableSlaves = context.RequestServices.GetRequiredService<Persistence.Registrar>().Current.Unreachable.Count,
            Leader = identity.Pid,
            LeaderInfo = new LeaderInfo(identity.Id, identity.Pid, identity.Port, identity.Hostname),
            Flags = Options(context).ToFlags(),
            Slaves = agents.Slaves,
            RecoveredSlaves = agents.RecoveredSlaves,
            Frameworks = frameworks.Frameworks,
            CompletedFrameworks = frameworks.CompletedFrameworks,
            OrphanTasks = [],
            UnregisteredFrameworks = [],
        };
    }

    private static async Task<MasterStateSummary> SummaryAsync(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<MasterIdentity>().Hostname, null, Agents(context).Slaves, (await FrameworksAsync(context)).Frameworks);

    /// <summary>
    /// <c>/tasks?limit=N&amp;offset=N&amp;order=asc|desc</c>: tasks across frameworks (active, unreachable and completed,
    /// of registered and of removed frameworks, as Mesos lists them), ordered by when they were launched; <c>limit</c>
    /// defaults to 100 and -1 means no limit, as in Mesos. Bad numbers or orders are a 400.
    /// </summary>
    private static Task Tasks(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = 100;
        var offset = 0;
        if ((query.TryGetValue("limit", out var l) && !int.TryParse(l, System.Globalization.CultureInfo.InvariantCulture, out limit))
            || (query.TryGetValue("offset", out var o) && (!int.TryParse(o, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset < 0)))
        {
            return MesosResponses.BadRequest(context, "Failed to parse query parameters 'limit' or 'offset': expecting integers");
        }

        var order = query.TryGetValue("order", out var ord) ? ord.ToString() : "des";
        if (order is not ("asc" or "des" or "desc"))
        {
            return MesosResponses.BadRequest(context, $"Unknown 'order' '{order}': expecting 'asc' or 'des'");
        }

        var book = context.RequestServices.GetRequiredService<TaskBook>();
        var all = book.Tasks.Concat(book.CompletedTasks)
            .OrderBy(t => t.Statuses.Count > 0 ? t.Statuses[0].Timestamp : 0)
            .ThenBy(t => t.TaskId, StringComparer.Ordinal)
            .Select(FrameworkStateView.Task);
        if (order != "asc")
        {
            all = all.Reverse();
        }

        var page = all.Skip(offset);
        if (limit >= 0)
        {
            page = page.Take(limit);
        }

        return Json(context, new TasksResponse(page.ToArray()));
    }

    private static async Task<FrameworksResponse> FrameworksAsync(HttpContext context)
    {
        var registry = context.RequestServices.GetRequiredService<FrameworkRegistry>();
        var tasks = context.RequestServices.GetRequiredService<TaskBook>();
        var offers = await context.RequestServices.GetRequiredService<OfferBook>().SnapshotAsync(context.RequestAborted);
        return new FrameworksResponse(
            registry.Frameworks.Values.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => FrameworkStateView.From(f, tasks, offers)).ToArray(),
            registry.Completed.Select(f => FrameworkStateView.Completed(f, tasks)).ToArray(),
            []);
    }

    private static AgentsResponse Agents(HttpContext context)
    {
        var registry = context.RequestServices.GetRequiredService<AgentRegistry>();
        var used = context.RequestServices.GetRequiredService<TaskBook>().UsedByAgent();
        return new AgentsResponse(
            registry.Agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => AgentStateView.From(a, used.GetValueOrDefault(a.Id, []), registry.Admitted(a.Id))).ToArray(),
            registry.Recovered.OrderBy(a => a.Id, StringComparer.Ordinal).Select(AgentStateView.From).ToArray());
    }

    private static MasterOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<MasterOptions>();

    private static Task Json<T>(HttpContext context, T value) =>
        ContentNegotiation.AcceptsJson(context.Request)
            ? MesosResponses.Json(context, MesosJson.SerializeStateToUtf8(value))
            : MesosResponses.NotAcceptable(context);
}
