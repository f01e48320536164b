using System.Text.Json;
using Drydock.Master.Frameworks;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>
/// <c>/roles</c>: every role the master knows (a registered framework's, a reservation's on an agent, or one with a
/// weight in force), as Mesos's v0 document: <c>{"roles":[{"name","weight","frameworks","resources","allocated",
/// "offered","reserved","quota"}]}</c>. Allocated resources are those of tasks not yet ended, counted as the allocator
/// counts them (reserved ones in their role, unreserved ones in the framework's first role); <c>resources</c> is
/// allocated plus offered, as in Mesos. No quota is set in Drydock, so <c>guarantee</c> and <c>limit</c> are empty and
/// <c>consumed</c> is the role's reservations plus its unreserved allocation.
/// </summary>
internal static class RolesEndpoint
{
    public static void MapRoles(this IEndpointRouteBuilder routes) => routes.MapMesos("roles", MesosRoutes.Get, HandleAsync);

    private static async Task HandleAsync(HttpContext context)
    {
        if (!ContentNegotiation.AcceptsJson(context.Request))
        {
            await MesosResponses.NotAcceptable(context);
            return;
        }

        var services = context.RequestServices;
        var frameworks = services.GetRequiredService<FrameworkRegistry>().Frameworks.Values.ToArray();
        var agents = services.GetRequiredService<AgentRegistry>().Agents.Values.ToArray();
        var tasks = services.GetRequiredService<TaskBook>().Tasks;
        var offers = await services.GetRequiredService<OfferBook>().SnapshotAsync(context.RequestAborted);
        var weights = services.GetRequiredService<SchedulerOptions>().WeightsIn(services.GetRequiredService<Registrar>().Current);
        await MesosResponses.Json(context, Write(frameworks, agents, tasks, offers, weights));
    }

    internal static byte[] Write(
        IReadOnlyList<Framework> frameworks,
        IReadOnlyList<RegisteredAgent> agents,
        IReadOnlyCollection<TrackedTask> tasks,
        IReadOnlyList<OutstandingOffer> offers,
        IReadOnlyDictionary<string, double> weights)
    {
        var firstRole = frameworks.ToDictionary(f => f.Id, f => f.Info.Roles.Count > 0 ? f.Info.Roles[0] : "*", StringComparer.Ordinal);
        var allocated = tasks.Where(t => !TaskBook.IsTerminal(t.State))
            .SelectMany(t => t.Resources.Select(r => (Role: r.IsReserved ? r.Role : firstRole.GetValueOrDefault(t.FrameworkId, "*"), Resource: r)))
            .ToLookup(x => x.Role, x => x.Resource, StringComparer.Ordinal);
        var offered = offers.SelectMany(o => o.Resources.Select(r => (o.Role, Resource: r))).ToLookup(x => x.Role, x => x.Resource, StringComparer.Ordinal);
        var reserved = agents.SelectMany(a => a.Info.Resources).Where(r => r.IsReserved).ToLookup(r => r.Role, StringComparer.Ordinal);
        var members = frameworks.SelectMany(f => f.Info.Roles.Select(role => (Role: role, f.Id))).ToLookup(x => x.Role, x => x.Id, StringComparer.Ordinal);
        var names = members.Select(g => g.Key).Concat(reserved.Select(g => g.Key)).Concat(weights.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        return JsonWriting.Build(writer =>
        {
            writer.WriteStartArray("roles");
            foreach (var name in names)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteNumber("weight", JsonWriting.Finite(weights.TryGetValue(name, out var weight) ? weight : 1.0));
                writer.WriteStartArray("frameworks");
                foreach (var id in members[name].Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    writer.WriteStringValue(id);
                }

                writer.WriteEndArray();
                WriteResources(writer, "resources", allocated[name].Concat(offered[name]));
                WriteResources(writer, "allocated", allocated[name]);
                WriteResources(writer, "offered", offered[name]);
                WriteResources(writer, "reserved", reserved[name]);
                writer.WriteStartObject("quota");
                writer.WriteString("role", name);
                writer.WriteStartObject("guarantee");
                writer.WriteEndObject();
                writer.WriteStartObject("limit");
                writer.WriteEndObject();
                WriteResources(writer, "consumed", reserved[name].Concat(allocated[name].Where(r => !r.IsReserved)));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static void WriteResources(Utf8JsonWriter writer, string name, IEnumerable<Resource> resources)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in StateFormat.Resources(resources))
        {
            if (value is double number)
            {
                writer.WriteNumber(key, JsonWriting.Finite(number));
            }
            else
            {
                writer.WriteString(key, value.ToString());
            }
        }

        writer.WriteEndObject();
    }
}
