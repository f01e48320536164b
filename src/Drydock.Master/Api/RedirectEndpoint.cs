using System.Globalization;
using Drydock.Master.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>
/// <c>/redirect</c> (and <c>/master/redirect</c>): a 307 to the leading master as a protocol-relative URL,
/// <c>//hostname:port</c>, so the client keeps its own scheme. A single master leads, so it names itself. As in Mesos,
/// <c>/redirect/anything</c> is a 404 rather than a redirect that could loop.
/// </summary>
internal static class RedirectEndpoint
{
    public static void MapRedirect(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in MesosRoutes.Prefixes)
        {
            routes.Map($"{prefix}/redirect", Redirect);
            routes.Map($"{prefix}/redirect/{{**rest}}", context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }
    }

    private static Task Redirect(HttpContext context)
    {
        var identity = context.RequestServices.GetRequiredService<MasterIdentity>();
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"//{identity.Hostname}:{identity.Port}");
        return Task.CompletedTask;
    }
}
