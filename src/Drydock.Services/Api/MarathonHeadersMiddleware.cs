using Drydock.Services.Hosting;
using Microsoft.AspNetCore.Http;

namespace Drydock.Services.Api;

/// <summary>
/// The headers a Marathon leader puts on every answer: no caching, <c>X-Marathon-Leader</c>, and the two framing
/// and XSS headers. This scheduler is always its own leader.
/// </summary>
internal sealed class MarathonHeadersMiddleware(RequestDelegate next, ServicesIdentity identity)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.CacheControl = "no-cache, no-store, must-revalidate";
            headers.Pragma = "no-cache";
            headers.Expires = "0";
            headers["X-Marathon-Leader"] = identity.Url;
            headers.XFrameOptions = "DENY";
            headers.XXSSProtection = "1; mode=block";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
