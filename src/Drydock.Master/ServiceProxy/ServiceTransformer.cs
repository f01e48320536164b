using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Drydock.Master.ServiceProxy;

/// <summary>
/// Rewrites a proxied request for the framework's web UI: the destination is its <c>webui_url</c> with the path after
/// <c>/service/{name}</c> and the query as they came, and the <c>X-Forwarded-*</c> headers tell the service how it was
/// reached (<c>For</c> appended to any chain already there; <c>Proto</c>, <c>Host</c> and <c>Prefix</c> set). Response
/// headers (<c>Location</c>, <c>X-Marathon-Leader</c>, …) pass as the service sent them.
/// </summary>
internal sealed class ServiceTransformer(Uri destination, PathString remainingPath, PathString prefix) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(
            destination.AbsoluteUri.TrimEnd('/'), remainingPath, httpContext.Request.QueryString);

        // The destination's own host, as for any request to it (the master's Host is in X-Forwarded-Host).
        proxyRequest.Headers.Host = null;

        var request = httpContext.Request;
        var forwardedFor = httpContext.Connection.RemoteIpAddress?.ToString();
        var existing = request.Headers["X-Forwarded-For"].ToString();
        proxyRequest.Headers.Remove("X-Forwarded-For");
        if (forwardedFor is not null || existing.Length > 0)
        {
            proxyRequest.Headers.TryAddWithoutValidation(
                "X-Forwarded-For",
                existing.Length == 0 ? forwardedFor : forwardedFor is null ? existing : existing + ", " + forwardedFor);
        }

        Set(proxyRequest, "X-Forwarded-Proto", request.Scheme);
        Set(proxyRequest, "X-Forwarded-Host", request.Host.Value);
        Set(proxyRequest, "X-Forwarded-Prefix", prefix.Value);
    }

    private static void Set(HttpRequestMessage request, string header, string? value)
    {
        request.Headers.Remove(header);
        if (!string.IsNullOrEmpty(value))
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
    }
}
