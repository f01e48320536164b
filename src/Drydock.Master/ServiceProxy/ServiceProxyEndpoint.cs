using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.ServiceProxy;

/// <summary>Maps <c>/service/{name}</c> and everything under it, for any method, to <see cref="ServiceForwarder"/>.</summary>
internal static class ServiceProxyEndpoint
{
    public static void MapServiceProxy(this IEndpointRouteBuilder routes)
    {
        routes.Map("/service/{name}", Serve);
        routes.Map("/service/{name}/{**rest}", Serve);
    }

    private static Task Serve(HttpContext context) =>
        context.RequestServices.GetRequiredService<ServiceForwarder>().ServeAsync(context, (string)context.Request.RouteValues["name"]!);
}
