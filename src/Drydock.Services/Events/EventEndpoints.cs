using Drydock.Services.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Drydock.Services.Events;

/// <summary>
/// <c>GET /v2/events</c> (marathon.md §7): a server-sent event stream of the bus, for clients that send
/// <c>Accept: text/event-stream</c> exactly; anything else gets the 405 of a servlet without a plain GET.
/// </summary>
internal static class EventEndpoints
{
    public const string EventStreamType = "text/event-stream";

    public static void MapEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/events", Stream);
        routes.MapMethods("/v2/events", ["POST", "PUT", "PATCH", "DELETE", "HEAD"], (HttpContext context) =>
            MethodNotAllowed(context));
    }

    private static async Task Stream(HttpContext context)
    {
        // Jetty's EventSourceServlet compares each Accept header for equality; a list or a wildcard is not enough.
        if (!context.Request.Headers.Accept.Any(a => string.Equals(a, EventStreamType, StringComparison.Ordinal)))
        {
            await MethodNotAllowed(context);
            return;
        }

        var services = context.RequestServices;
        var bus = services.GetRequiredService<MarathonEventBus>();
        var time = services.GetRequiredService<TimeProvider>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var eventTypes = context.Request.Query["event_type"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToHashSet(StringComparer.Ordinal);
        var remote = RemoteAddress(context);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var subscription = bus.Subscribe(remote, eventTypes);
        try
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = EventStreamType + ";charset=UTF-8";
            if (HttpProtocol.IsHttp10(context.Request.Protocol) || HttpProtocol.IsHttp11(context.Request.Protocol))
            {
                context.Response.Headers.Connection = "close";
            }

            await context.Response.StartAsync(cancel.Token);
            await context.Response.Body.FlushAsync(cancel.Token);
            using var writer = new EventStreamWriter(context.Response.Body, subscription, time);
            bus.Publish(new EventStreamAttachedEvent(remote) { Timestamp = time.GetUtcNow() });
            await writer.RunAsync(cancel.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && cancel.IsCancellationRequested)
        {
            // The client left or the scheduler is stopping: the stream simply ends.
        }
        finally
        {
            subscription.Dispose();
            bus.Publish(new EventStreamDetachedEvent(remote) { Timestamp = time.GetUtcNow() });
        }
    }

    private static Task MethodNotAllowed(HttpContext context) =>
        MarathonResponses.Message(context, StatusCodes.Status405MethodNotAllowed, $"HTTP method {context.Request.Method} is not supported by this URL");

    /// <summary>The client's IP as a servlet's <c>getRemoteAddr</c> gives it (IPv4 when it came over an IPv4-mapped socket).</summary>
    private static string RemoteAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
