using System.Text.Json;
using Drydock.Master.Allocation;
using Drydock.Master.Frameworks;
using Drydock.Master.Persistence;
using Drydock.Protocol;
using Drydock.Protocol.Operator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>
/// Role weights: <c>GET /weights</c> and the operator calls GET_WEIGHTS and UPDATE_WEIGHTS. Both reads list the weights
/// in force (<see cref="SchedulerOptions.WeightsIn"/>) sorted by role, as <c>{"weight":..,"role":..}</c>.
/// </summary>
internal static class WeightsEndpoints
{
    public static void MapWeights(this IEndpointRouteBuilder routes) =>
        routes.MapMesos("weights", MesosRoutes.Get, context => ContentNegotiation.AcceptsJson(context.Request)
            ? MesosResponses.Json(context, Array(Current(context)))
            : MesosResponses.NotAcceptable(context));

    /// <summary>GET_WEIGHTS: <c>{"type":"GET_WEIGHTS","get_weights":{"weight_infos":[...]}}</c>.</summary>
    public static Task GetAsync(HttpContext context) => MesosResponses.Json(context, JsonWriting.Build(writer =>
    {
        var weights = Current(context);
        writer.WriteString("type", "GET_WEIGHTS");
        writer.WriteStartObject("get_weights");
        if (weights.Count > 0)
        {
            writer.WritePropertyName("weight_infos");
            WriteArray(writer, weights);
        }

        writer.WriteEndObject();
    }));

    /// <summary>
    /// UPDATE_WEIGHTS: 400 with Mesos's message when any entry is invalid (nothing changes); otherwise 200 once the new
    /// weights are in the registry. The registry's change wakes the allocation, which uses them from its next cycle.
    /// </summary>
    public static async Task UpdateAsync(HttpContext context, IReadOnlyList<WeightInfo> weights)
    {
        var valid = WeightsValidator.Validate(weights);
        if (!valid.Succeeded)
        {
            await MesosResponses.BadRequest(context, valid.Error);
            return;
        }

        var flags = context.RequestServices.GetRequiredService<SchedulerOptions>().Weights;
        await context.RequestServices.GetRequiredService<Registrar>()
            .TryApplyAsync(_ => Decision.Apply(new UpdateWeightsOperation(valid.Value, flags)), context.RequestAborted);
        await MesosResponses.Ok(context);
    }

    private static IReadOnlyDictionary<string, double> Current(HttpContext context) =>
        context.RequestServices.GetRequiredService<SchedulerOptions>().WeightsIn(context.RequestServices.GetRequiredService<Registrar>().Current);

    private static byte[] Array(IReadOnlyDictionary<string, double> weights)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteArray(writer, weights);
        }

        return buffer.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter writer, IReadOnlyDictionary<string, double> weights)
    {
        writer.WriteStartArray();
        foreach (var (role, weight) in weights.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteNumber("weight", JsonWriting.Finite(weight));
            writer.WriteString("role", role);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
