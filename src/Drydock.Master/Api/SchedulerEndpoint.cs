using System.Net;
using Drydock.Master.Frameworks;
using Drydock.Master.Hosting;
using Drydock.Master.Metrics;
using Drydock.Protocol;
using Drydock.Protocol.Operator;
using Drydock.Protocol.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Drydock.Master.Api;

/// <summary>
/// <c>POST /api/v1/scheduler</c>, the v1 scheduler API in JSON. SUBSCRIBE answers with a RecordIO stream of events
/// (SUBSCRIBED first, HEARTBEAT every <c>--heartbeat-interval</c>); every other call must name a subscribed framework
/// and carry its <c>Mesos-Stream-Id</c>, and is answered 202.
/// </summary>
internal static class SchedulerEndpoint
{
    public const string StreamIdHeader = "Mesos-Stream-Id";

    public static void MapSchedulerApi(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in MesosRoutes.Prefixes)
        {
            routes.Map($"{prefix}/api/v1/scheduler", Handle);
        }
    }

    private static async Task Handle(HttpContext context)
    {
        using var document = await JsonCallReader.ReadAsync(context);
        if (document is null)
        {
            return;
        }

        var read = SchedulerCall.Read(document.RootElement);
        if (!read.Succeeded)
        {
            await MesosResponses.BadRequest(context, "Failed to convert JSON into Call protobuf: " + read.Error);
            return;
        }

        var call = read.Value;
        if (call.Validate() is { } invalid)
        {
            await MesosResponses.BadRequest(context, "Failed to validate scheduler::Call: " + invalid);
            return;
        }

        if (SchedulerCallIds.Validate(document.RootElement, call) is { } badId)
        {
            await MesosResponses.BadRequest(context, "Failed to validate scheduler::Call: " + badId);
            return;
        }

        if (!ContentNegotiation.AcceptsJson(context.Request))
        {
            await MesosResponses.NotAcceptable(context);
            return;
        }

        var registry = context.RequestServices.GetRequiredService<FrameworkRegistry>();
        if (call.Type == "SUBSCRIBE")
        {
            if (context.Request.Headers.ContainsKey(StreamIdHeader))
            {
                await MesosResponses.BadRequest(context, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
                return;
            }

            // Mesos refuses an invalid framework's or a removed framework's subscription with ERROR on the stream it
            // opens, then closes it; nothing is stored.
            var refused = FrameworkInfoValidator.Validate(call.Subscribe!)
                ?? (call.Subscribe!.Id is { } known && !registry.Frameworks.ContainsKey(known) && registry.IsCompleted(known) ? FrameworkRemoval.RemovedMessage : null);
            if (refused is not null)
            {
                EventStreaming.Begin(context);
                var refusal = new SchedulerEvent("ERROR") { Error = new ErrorEvent(refused) };
                await EventStreaming.WriteRecordAsync(context, MesosJson.SerializeToUtf8(refusal), context.RequestAborted);
                return;
            }

            context.RequestServices.GetRequiredService<MasterMetrics>().SchedulerCall("SUBSCRIBE", resubscribe: call.Subscribe!.Id is not null);
            var subscribed = await registry.SubscribeAsync(call.Subscribe!, context.RequestAborted);
            context.RequestServices.GetRequiredService<AllocationService>().Wake();
            await StreamAsync(context, registry, subscribed);
            return;
        }

        if (!registry.Frameworks.TryGetValue(call.FrameworkId!, out var framework))
        {
            await MesosResponses.BadRequest(context, "Framework cannot be found");
            return;
        }

        if (!framework.Connected)
        {
            await MesosResponses.Text(context, StatusCodes.Status403Forbidden, "Framework is not subscribed");
            return;
        }

        if (context.Request.Headers[StreamIdHeader] is not [{ } streamId])
        {
            await MesosResponses.BadRequest(context, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
            return;
        }

        if (streamId != framework.StreamId)
        {
            await MesosResponses.BadRequest(
                context,
                $"The stream ID '{streamId}' included in this request didn't match the stream ID currently associated with framework ID {framework.Id}");
            return;
        }

        var offers = context.RequestServices.GetRequiredService<OfferBook>();
        var allocation = context.RequestServices.GetRequiredService<AllocationService>();
        context.RequestServices.GetRequiredService<MasterMetrics>().SchedulerCall(call.Type!);
        switch (call.Type)
        {
            case "TEARDOWN":
                await context.RequestServices.GetRequiredService<FrameworkRemoval>().RemoveAsync(framework.Id, "the framework asked (TEARDOWN)", tellFramework: false, CancellationToken.None);
                Accepted(context);
                break;
            case "DECLINE":
                await offers.DeclineAsync(framework.Id, call.OfferIds, call.RefuseSeconds, context.RequestAborted);
                allocation.Wake();
                Accepted(context);
                break;
            case "REVIVE":
                await offers.ReviveAsync(framework.Id, context.RequestAborted);
                allocation.Wake();
                Accepted(context);
                break;
            case "SUPPRESS":
                await offers.SuppressAsync(framework.Id, context.RequestAborted);
                Accepted(context);
                break;
            case "ACCEPT":
                await context.RequestServices.GetRequiredService<TaskService>().AcceptAsync(framework, call, context.RequestAborted);
                allocation.Wake();
                Accepted(context);
                break;
            case "KILL" when call.TaskId is not null:
                await context.RequestServices.GetRequiredService<TaskService>().KillAsync(framework, call.TaskId, call.AgentId, context.RequestAborted, call.KillGracePeriodNanoseconds);
                Accepted(context);
                break;
            case "ACKNOWLEDGE" when call.TaskId is not null && call.AgentId is not null && call.Uuid is not null:
                await context.RequestServices.GetRequiredService<TaskService>().AcknowledgeAsync(framework, call.TaskId, call.AgentId, call.Uuid, context.RequestAborted);
                allocation.Wake();
                Accepted(context);
                break;
            case "ACCEPT_INVERSE_OFFERS":
            case "DECLINE_INVERSE_OFFERS":
                await offers.AnswerInverseOffersAsync(framework.Id, call.InverseOfferIds, call.Type == "ACCEPT_INVERSE_OFFERS", call.RefuseSeconds, context.RequestAborted);
                allocation.Wake();
                Accepted(context);
                break;
            case "RECONCILE":
                context.RequestServices.GetRequiredService<TaskService>().Reconcile(framework, call.ReconcileTasks);
                Accepted(context);
                break;
            default:
                // Offers, launches and the rest arrive with the allocator and task bookkeeping.
                await MesosResponses.Text(context, StatusCodes.Status501NotImplemented, "501 Not Implemented.");
                break;
        }
    }

    private static void Accepted(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }

    private static async Task StreamAsync(HttpContext context, FrameworkRegistry registry, Framework framework)
    {
        var services = context.RequestServices;
        var identity = services.GetRequiredService<MasterIdentity>();
        var interval = services.GetRequiredService<SchedulerOptions>().HeartbeatInterval;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted,
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);

        EventStreaming.Begin(context);
        context.Response.Headers[StreamIdHeader] = framework.StreamId;

        var subscribed = new SchedulerEvent("SUBSCRIBED")
        {
            Subscribed = new SubscribedEvent(new IdValue(framework.Id), interval.TotalSeconds, MasterInfo(identity)),
        };
        try
        {
            await EventStreaming.WriteRecordAsync(context, MesosJson.SerializeToUtf8(subscribed), ending.Token);
            await EventStreaming.PumpAsync(context, framework.Events!.Reader, interval, MesosJson.SerializeToUtf8(SchedulerEvent.Heartbeat), ending.Token);
        }
        catch (Exception e) when (EventStreaming.IsStreamEnd(e))
        {
            // The framework closed the stream, or the master is stopping.
        }
        finally
        {
            registry.Disconnected(framework.Id, framework.StreamId!);
        }
    }

    private static MasterInfoMessage MasterInfo(MasterIdentity identity)
    {
        var ip = IPAddress.Parse(identity.Ip);
        var packed = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? BitConverter.ToUInt32(ip.GetAddressBytes()) : 0;
        return new MasterInfoMessage(
            identity.Id,
            packed,
            identity.Port,
            identity.Pid,
            identity.Hostname,
            BuildInfo.MesosApiVersion,
            new AddressMessage(identity.Hostname, identity.Ip, identity.Port));
    }
}
