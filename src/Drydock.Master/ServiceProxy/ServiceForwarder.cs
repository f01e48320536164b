using System.Net;
using Drydock.Master.Frameworks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Drydock.Master.ServiceProxy;

/// <summary>
/// Serves <c>/service/{name}/…</c> as DC/OS's Admin Router does: the request goes through YARP's forwarder to the web UI
/// of the framework <see cref="ServiceTargets"/> chooses, its body and the response's streamed both ways (an event
/// stream's events arrive as the service writes them). No such framework, or none with a web UI: 404. The service
/// unreachable: 502 (504 when it does not answer in time). Never a 500 for what the service or the client does.
/// </summary>
internal sealed partial class ServiceForwarder : IDisposable
{
    /// <summary>
    /// How long a proxied exchange may go with no bytes either way. Long, because event streams (Marathon's
    /// <c>/v2/events</c>) can be quiet for minutes between events.
    /// </summary>
    public static readonly TimeSpan ActivityTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Admin Router's answer for a service it does not know; Drydock's reason follows on the next line.</summary>
    public const string NotFoundText = "404 Not Found: service not found.";

    private readonly IHttpForwarder _forwarder;
    private readonly FrameworkRegistry _frameworks;
    private readonly ILogger<ServiceForwarder> _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly HttpMessageInvoker _client;
    private readonly ForwarderRequestConfig _config = new() { ActivityTimeout = ActivityTimeout };

    public ServiceForwarder(IHttpForwarder forwarder, FrameworkRegistry frameworks, IHostApplicationLifetime lifetime, ILogger<ServiceForwarder> logger)
    {
        _forwarder = forwarder;
        _frameworks = frameworks;
        _lifetime = lifetime;
        _logger = logger;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            // The service's answers go back as they are: no redirects followed, nothing decompressed, no cookies kept.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ActivityHeadersPropagator = null,
        });
    }

    public async Task ServeAsync(HttpContext context, string name)
    {
        var prefix = new PathString("/service/" + name);
        if (!context.Request.Path.StartsWithSegments(prefix, StringComparison.Ordinal, out var remaining))
        {
            // The route matched on the decoded path; a name this cannot rebuild (an encoded '/') names no service.
            await WriteTextAsync(context, StatusCodes.Status404NotFound, NotFoundText + "\n" + $"No framework named '{name}' is registered with this master.\n");
            return;
        }

        if (!remaining.HasValue)
        {
            // `/service/name` alone: relative links of the web UI resolve only under `/service/name/`.
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = context.Request.PathBase + prefix + "/" + context.Request.QueryString;
            return;
        }

        var target = ServiceTargets.Resolve(_frameworks.Frameworks.Values, name);
        if (target.Url is null)
        {
            await WriteTextAsync(context, StatusCodes.Status404NotFound, NotFoundText + "\n" + target.Problem + "\n");
            return;
        }

        var transformer = new ServiceTransformer(target.Url, remaining, prefix);

        // A proxied event stream lasts as long as its client wants; the master's shutdown must not wait for it.
        using var stopping = _lifetime.ApplicationStopping.Register(context.Abort);
        var error = await _forwarder.SendAsync(context, target.Url.AbsoluteUri, _client, _config, transformer);
        if (error is ForwarderError.None or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            return;
        }

        var exception = context.GetForwarderErrorFeature()?.Exception;
        LogForwardFailed(name, target.FrameworkId ?? string.Empty, target.Url.AbsoluteUri, error, exception?.Message ?? string.Empty);
        if (!context.Response.HasStarted)
        {
            var timedOut = context.Response.StatusCode == StatusCodes.Status504GatewayTimeout;
            var status = timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
            var reason = timedOut ? "did not answer in time" : "could not be reached (" + Reason(exception) + ")";
            await WriteTextAsync(context, status, $"{(timedOut ? "504 Gateway Timeout" : "502 Bad Gateway")}: the service '{name}' at {target.Url.AbsoluteUri} {reason}.\n");
        }
    }

    public void Dispose() => _client.Dispose();

    private static string Reason(Exception? exception)
    {
        var inner = exception;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner?.Message ?? "no answer";
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        // YARP may have set headers of the failed exchange; the error answer carries only its own.
        context.Response.Headers.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var body = System.Text.Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxying /service/{Name} to framework {FrameworkId} at {Url} failed: {Error} {Reason}")]
    private partial void LogForwardFailed(string name, string frameworkId, string url, ForwarderError error, string reason);
}
