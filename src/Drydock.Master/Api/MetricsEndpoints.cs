using System.Globalization;
using System.Text.Json;
using Drydock.Master.Hosting;
using Drydock.Master.Metrics;
using Drydock.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Api;

/// <summary>
/// <c>/metrics/snapshot</c> (Mesos's flat JSON object of metric names and values), the v1 calls GET_METRICS and
/// GET_LOGGING_LEVEL, and Prometheus's text format at <c>/metrics</c>, served by the OpenTelemetry exporter from the
/// same instruments.
/// </summary>
internal static class MetricsEndpoints
{
    public static void MapMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapMesos("metrics/snapshot", MesosRoutes.Get, Snapshot);
        routes.MapPrometheusScrapingEndpoint("/metrics");
    }

    /// <summary>
    /// <c>?timeout=5secs</c> is accepted as Mesos accepts it (the snapshot is taken at once, so it never runs out); a
    /// timeout that is not a duration is a 400.
    /// </summary>
    private static Task Snapshot(HttpContext context)
    {
        if (context.Request.Query.TryGetValue("timeout", out var timeout) && MesosDuration.Parse(timeout.ToString()) is null)
        {
            return MesosResponses.BadRequest(context, $"Invalid timeout '{timeout}': expecting a duration such as '5secs'");
        }

        if (!ContentNegotiation.AcceptsJson(context.Request))
        {
            return MesosResponses.NotAcceptable(context);
        }

        var metrics = Take(context);
        return MesosResponses.Json(context, JsonWriting.Build(writer =>
        {
            foreach (var (name, value) in metrics)
            {
                writer.WritePropertyName(name);
                WriteDouble(writer, value);
            }
        }));
    }

    /// <summary>GET_METRICS: <c>{"metrics":[{"name","value"}]}</c>; <c>timeout</c> needs no waiting, as above.</summary>
    public static Task GetMetrics(HttpContext context)
    {
        var metrics = Take(context);
        return MesosResponses.Json(context, JsonWriting.Build(writer =>
        {
            writer.WriteString("type", "GET_METRICS");
            writer.WriteStartObject("get_metrics");
            writer.WriteStartArray("metrics");
            foreach (var (name, value) in metrics)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WritePropertyName("value");
                WriteDouble(writer, value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));
    }

    /// <summary>
    /// GET_LOGGING_LEVEL: glog's verbosity, which Mesos reports. Drydock logs by severity: <c>--log-level debug</c> reads as
    /// verbosity 1, <c>trace</c> as 2, anything else as 0 (glog's default).
    /// </summary>
    public static Task GetLoggingLevel(HttpContext context)
    {
        var level = LogLevels.Parse(context.RequestServices.GetRequiredService<MasterOptions>().LogLevel) switch
        {
            LogLevel.Trace => 2,
            LogLevel.Debug => 1,
            _ => 0,
        };
        return MesosResponses.Json(context, JsonWriting.Build(writer =>
        {
            writer.WriteString("type", "GET_LOGGING_LEVEL");
            writer.WriteStartObject("get_logging_level");
            writer.WriteNumber("level", level);
            writer.WriteEndObject();
        }));
    }

    private static SortedDictionary<string, double> Take(HttpContext context) =>
        context.RequestServices.GetRequiredService<MetricsSnapshot>().Take();

    /// <summary>As Mesos prints its metrics: always a double, so a whole number keeps its <c>.0</c>.</summary>
    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.WriteNumberValue(0);
            return;
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        writer.WriteRawValue(text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0", skipInputValidation: true);
    }
}
