using Drydock.Master.Drain;
using Drydock.Master.Frameworks;
using Drydock.Master.Hosting;
using Drydock.Master.Maintenance;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.Operator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>
/// <c>POST /api/v1</c>, the v1 operator API in JSON. Checks run in Mesos's order: method, Content-Type, body,
/// call shape, call validation, Accept; then the call is served by the room that owns it.
/// </summary>
internal static class OperatorEndpoint
{
    public static void MapOperatorApi(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in MesosRoutes.Prefixes)
        {
            routes.Map($"{prefix}/api/v1", Handle);
        }

        routes.MapWeights();
    }

    private static async Task Handle(HttpContext context)
    {
        using var document = await JsonCallReader.ReadAsync(context);
        if (document is null)
        {
            return;
        }

        var read = OperatorCall.Read(document.RootElement);
        if (!read.Succeeded)
        {
            await MesosResponses.BadRequest(context, "Failed to convert JSON into Call protobuf: " + read.Error);
            return;
        }

        var call = read.Value;

        if (call.Validate() is { } invalid)
        {
            await MesosResponses.BadRequest(context, "Failed to validate master::Call: " + invalid);
            return;
        }

        var services = context.RequestServices;
        if (OperatorCallIds.Validate(call, services.GetRequiredService<Persistence.Registrar>().Current, services.GetRequiredService<FrameworkRegistry>()) is { } badId)
        {
            await MesosResponses.BadRequest(context, "Failed to validate master::Call: " + badId);
            return;
        }

        if (!ContentNegotiation.AcceptsJson(context.Request))
        {
            await MesosResponses.NotAcceptable(context);
            return;
        }

        await Dispatch(context, call, context.RequestServices.GetRequiredService<MasterOptions>());
    }

    private static async Task Dispatch(HttpContext context, OperatorCall call, MasterOptions options)
    {
        var maintenance = context.RequestServices.GetRequiredService<MaintenanceService>();
        var type = call.Type!.Value;
        switch (type)
        {
            case OperatorCallType.GET_HEALTH:
                await Respond(context, new OperatorResponse(type.ToString()) { GetHealth = new GetHealthPayload(true) });
                break;
            case OperatorCallType.GET_VERSION:
                await Respond(context, new OperatorResponse(type.ToString()) { GetVersion = new GetVersionPayload(BuildInfo.Version) });
                break;
            case OperatorCallType.GET_FLAGS:
                var flags = options.ToFlags().Select(f => new FlagValue(f.Key, f.Value)).ToArray();
                await Respond(context, new OperatorResponse(type.ToString()) { GetFlags = new GetFlagsPayload(flags) });
                break;
            case OperatorCallType.GET_METRICS:
                await MetricsEndpoints.GetMetrics(context);
                break;
            case OperatorCallType.GET_LOGGING_LEVEL:
                await MetricsEndpoints.GetLoggingLevel(context);
                break;
            case OperatorCallType.GET_WEIGHTS:
                await WeightsEndpoints.GetAsync(context);
                break;
            case OperatorCallType.UPDATE_WEIGHTS:
                await WeightsEndpoints.UpdateAsync(context, call.Weights ?? []);
                break;
            case OperatorCallType.GET_MAINTENANCE_SCHEDULE:
                await Respond(context, new OperatorResponse(type.ToString())
                {
                    GetMaintenanceSchedule = new GetMaintenanceSchedulePayload(maintenance.Schedule),
                });
                break;
            case OperatorCallType.GET_MAINTENANCE_STATUS:
                await Respond(context, new OperatorResponse(type.ToString())
                {
                    GetMaintenanceStatus = new GetMaintenanceStatusPayload(maintenance.Status),
                });
                break;
            case OperatorCallType.UPDATE_MAINTENANCE_SCHEDULE:
                await MaintenanceEndpoints.Answer(context, await maintenance.UpdateScheduleAsync(call.Schedule!, context.RequestAborted));
                break;
            case OperatorCallType.START_MAINTENANCE:
                await MaintenanceEndpoints.Answer(context, await maintenance.StartMaintenanceAsync(call.Machines ?? [], context.RequestAborted));
                break;
            case OperatorCallType.STOP_MAINTENANCE:
                await MaintenanceEndpoints.Answer(context, await maintenance.StopMaintenanceAsync(call.Machines ?? [], context.RequestAborted));
                break;
            case OperatorCallType.GET_MASTER:
            case OperatorCallType.GET_AGENTS:
            case OperatorCallType.GET_FRAMEWORKS:
            case OperatorCallType.GET_TASKS:
            case OperatorCallType.GET_EXECUTORS:
            case OperatorCallType.GET_ROLES:
            case OperatorCallType.GET_STATE:
                await MesosResponses.Json(context, (await StateAsync(context)).Response(type.ToString()));
                break;
            case OperatorCallType.DEACTIVATE_AGENT:
            case OperatorCallType.REACTIVATE_AGENT:
                var registry = context.RequestServices.GetRequiredService<AgentRegistry>();
                await MaintenanceEndpoints.Answer(context, await registry.SetDeactivatedAsync(call.AgentId!, type == OperatorCallType.DEACTIVATE_AGENT, context.RequestAborted));
                break;
            case OperatorCallType.DRAIN_AGENT:
                var drains = context.RequestServices.GetRequiredService<DrainService>();
                await Answer(context, await drains.DrainAsync(call.AgentId!, call.MaxGracePeriodNanoseconds, call.MarkGone, context.RequestAborted));
                break;
            case OperatorCallType.MARK_AGENT_GONE:
                var gone = context.RequestServices.GetRequiredService<AgentRegistry>();
                await Answer(context, await gone.MarkGoneAsync(call.AgentId!, context.RequestAborted));
                break;
            case OperatorCallType.SUBSCRIBE:
                await StreamAsync(context);
                break;
            case OperatorCallType.TEARDOWN:
                await TeardownEndpoints.TeardownAsync(context, call.FrameworkId!);
                break;
            default:
                // UNKNOWN, as in Mesos, and the calls this master does not serve yet.
                await MesosResponses.Text(context, StatusCodes.Status501NotImplemented, "501 Not Implemented.");
                break;
        }
    }

    /// <summary>
    /// SUBSCRIBE: a RecordIO stream of SUBSCRIBED (a GET_STATE snapshot), then every change as an event, and HEARTBEAT
    /// every heartbeat interval, whatever else flows. It ends when the client goes or the master stops.
    /// </summary>
    private static async Task StreamAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var hub = services.GetRequiredService<OperatorEventStream>();
        var interval = services.GetRequiredService<SchedulerOptions>().HeartbeatInterval;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted,
            services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping);

        // Subscribed before the snapshot is taken, so no change falls between them (one may show in both).
        var events = hub.Subscribe();
        try
        {
            var snapshot = (await StateAsync(context)).Response("GET_STATE");
            EventStreaming.Begin(context);
            await EventStreaming.WriteRecordAsync(context, OperatorEventStream.Subscribed(snapshot, interval.TotalSeconds), ending.Token);
            await EventStreaming.PumpAsync(context, events.Reader, interval, OperatorEventStream.Heartbeat, ending.Token);
        }
        catch (Exception e) when (EventStreaming.IsStreamEnd(e))
        {
            // The client went away before the snapshot was sent, or the master is stopping.
        }
        finally
        {
            hub.Unsubscribe(events);
        }
    }

    private static async Task<OperatorStateJson> StateAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var agents = services.GetRequiredService<AgentRegistry>();
        var frameworks = services.GetRequiredService<FrameworkRegistry>();
        return new OperatorStateJson(
            services.GetRequiredService<MasterIdentity>(),
            agents.Agents.Values.ToArray(),
            services.GetRequiredService<Persistence.Registrar>().Current.Agents,
            agents.Recovered.ToArray(),
            frameworks.Frameworks.Values.ToArray(),
            frameworks.Completed,
            services.GetRequiredService<TaskBook>().Tasks,
            services.GetRequiredService<TaskBook>().CompletedTasks,
            await services.GetRequiredService<OfferBook>().SnapshotAsync(context.RequestAborted),
            services.GetRequiredService<SchedulerOptions>().WeightsIn(services.GetRequiredService<Persistence.Registrar>().Current));
    }

    /// <summary>An empty 200, or the call's error text with its status.</summary>
    private static Task Answer(HttpContext context, AgentCallResult result) =>
        result.Error is null
            ? MaintenanceEndpoints.Answer(context, null)
            : MesosResponses.Text(context, result.Status, result.Error);

    private static Task Respond(HttpContext context, OperatorResponse response) =>
        MesosResponses.Json(context, MesosJson.SerializeToUtf8(response));
}
