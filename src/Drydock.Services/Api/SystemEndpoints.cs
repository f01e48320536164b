using System.Reflection;
using System.Text.Json;
using Drydock.Services.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Services.Api;

/// <summary>
/// <c>/ping</c>, <c>/v2/info</c>, <c>/v2/leader</c>, and the answers for what this scheduler does not serve (pods,
/// event subscriptions, unknown routes). marathon.md §1, §5, §6.
/// </summary>
internal static class SystemEndpoints
{
    /// <summary>The Marathon API level served, which is what clients compare against; Drydock's own release is in <c>buildref</c>.</summary>
    public const string MarathonApiVersion = "1.10.26";

    private static readonly string DrydockVersion =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static void MapSystem(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ping", Ping);
        routes.MapGet("/v2/info", Info);
        routes.MapGet("/v2/leader", (HttpContext context, ServicesIdentity identity) => MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("leader", identity.Leader);
            writer.WriteEndObject();
        }));
        // A single scheduler abdicates to itself: the answer Marathon gives, and nothing else changes.
        routes.MapDelete("/v2/leader", (HttpContext context) => MarathonResponses.Message(context, StatusCodes.Status200OK, "Leadership abdicated"));
        // Pods are not served; the DC/OS CLI probes them with HEAD and takes 404 as "none".
        routes.Map("/v2/pods/{**rest}", (HttpContext context) => MarathonResponses.Message(context, StatusCodes.Status404NotFound, "Pods are not supported by this scheduler"));
        routes.Map("/v2/pods", (HttpContext context) => MarathonResponses.Message(context, StatusCodes.Status404NotFound, "Pods are not supported by this scheduler"));
        // Callback subscriptions were removed in Marathon 1.5; /v2/events is the event interface.
        routes.Map("/v2/eventSubscriptions", (HttpContext context) => MarathonResponses.Message(context, StatusCodes.Status404NotFound, "Event subscriptions are not supported; use /v2/events"));
        routes.MapFallback((HttpContext context) => MarathonResponses.Message(context, StatusCodes.Status404NotFound, "URI not found"));
    }

    private static Task Ping(HttpContext context)
    {
        if (context.Request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return MarathonResponses.Json(context, StatusCodes.Status200OK, writer => writer.WriteStringValue("pong"));
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync("pong", context.RequestAborted);
    }

    private static Task Info(HttpContext context, ServicesIdentity identity, ServicesSettings settings) => MarathonResponses.Json(context, StatusCodes.Status200OK, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("name", "marathon");
        writer.WriteString("version", MarathonApiVersion);
        writer.WriteString("buildref", "drydock-" + DrydockVersion);
        writer.WriteBoolean("elected", true);
        writer.WriteString("leader", identity.Leader);
        if (identity.FrameworkId is { } frameworkId)
        {
            writer.WriteString("frameworkId", frameworkId);
        }
        else
        {
            writer.WriteNull("frameworkId");
        }

        writer.WriteStartObject("marathon_config");
        WriteConfig(writer, identity, settings);
        writer.WriteEndObject();

        // No ZooKeeper: the state is in SQLite under the work dir. The keys stay, as clients require the object.
        writer.WriteStartObject("zookeeper_config");
        writer.WriteNull("zk");
        writer.WriteBoolean("zk_compression", false);
        writer.WriteNumber("zk_compression_threshold", 64 * 1024);
        writer.WriteNumber("zk_connection_timeout", 10_000);
        writer.WriteNumber("zk_max_node_size", 1024 * 1024);
        writer.WriteNumber("zk_max_versions", 50);
        writer.WriteNumber("zk_session_timeout", 10_000);
        writer.WriteNumber("zk_timeout", 10_000);
        writer.WriteEndObject();

        writer.WriteStartObject("http_config");
        writer.WriteNumber("http_port", identity.Port);
        writer.WriteNumber("https_port", 8443);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static void WriteConfig(Utf8JsonWriter writer, ServicesIdentity identity, ServicesSettings settings)
    {
        writer.WriteNull("access_control_allow_origin");
        writer.WriteBoolean("checkpoint", true);
        writer.WriteNumber("decline_offer_duration", 120_000);
        writer.WriteNull("default_network_name");
        writer.WriteNull("env_vars_prefix");
        writer.WriteString("executor", "//cmd");
        writer.WriteNumber("failover_timeout", (long)settings.FailoverTimeout.TotalSeconds);
        writer.WriteStartArray("features");
        writer.WriteEndArray();
        writer.WriteString("framework_name", settings.FrameworkName);
        writer.WriteBoolean("ha", false);
        writer.WriteString("hostname", identity.Hostname);
        writer.WriteNumber("launch_token", 100);
        writer.WriteNumber("launch_token_refresh_interval", 30_000);
        writer.WriteNumber("leader_proxy_connection_timeout_ms", 5_000);
        writer.WriteNumber("leader_proxy_read_timeout_ms", 10_000);
        writer.WriteNumber("local_port_max", 20_000);
        writer.WriteNumber("local_port_min", 10_000);
        writer.WriteString("master", settings.Master);
        writer.WriteNumber("max_instances_per_offer", 5);
        writer.WriteNull("mesos_bridge_name");
        writer.WriteNumber("mesos_heartbeat_failure_threshold", 5);
        writer.WriteNumber("mesos_heartbeat_interval", 15_000);
        writer.WriteNull("mesos_leader_ui_url");
        writer.WriteString("mesos_role", settings.Role);
        if (settings.User is { } user)
        {
            writer.WriteString("mesos_user", user);
        }
        else
        {
            writer.WriteNull("mesos_user");
        }

        writer.WriteBoolean("new_group_enforce_role", false);
        writer.WriteNumber("min_revive_offers_interval", 5_000);
        writer.WriteNumber("offer_matching_timeout", 3_000);
        writer.WriteNumber("on_elected_prepare_timeout", 180_000);
        writer.WriteNumber("reconciliation_initial_delay", 15_000);
        writer.WriteNumber("reconciliation_interval", 600_000);
        writer.WriteNumber("scale_apps_initial_delay", 15_000);
        writer.WriteNumber("scale_apps_interval", 300_000);
        writer.WriteBoolean("store_cache", true);
        writer.WriteNumber("task_launch_confirm_timeout", 300_000);
        writer.WriteNumber("task_launch_timeout", 300_000);
        writer.WriteNumber("task_lost_expunge_initial_delay", 300_000);
        writer.WriteNumber("task_lost_expunge_interval", 30_000);
        writer.WriteNumber("task_reservation_timeout", 20_000);
        writer.WriteString("webui_url", identity.Url);
        writer.WriteBoolean("maintenance_mode", true);
    }
}
