using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Master.Api;

/// <summary>
/// Maps an endpoint under every prefix clients use: the top level, <c>/master/</c> (libprocess delegates to the
/// master), <c>/mesos/</c> (the DC/OS Admin Router) and <c>/mesos/master/</c>, with Mesos's 405 for other methods.
/// </summary>
internal static class MesosRoutes
{
    public static readonly string[] Prefixes = ["", "/master", "/mesos", "/mesos/master"];

    public static readonly string[] Get = ["GET"];

    public static readonly string[] Post = ["POST"];

    public static readonly string[] GetPost = ["GET", "POST"];

    /// <summary>Maps <paramref name="path"/> (without a leading slash) under every prefix.</summary>
    public static void MapMesos(this IEndpointRouteBuilder routes, string path, string[] methods, RequestDelegate handler)
    {
        RequestDelegate guarded = context =>
            methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase)
                || (context.Request.Method == HttpMethods.Head && methods.Contains("GET"))
                ? handler(context)
                : MesosResponses.MethodNotAllowed(context, methods);

        foreach (var prefix in Prefixes)
        {
            routes.Map($"{prefix}/{path}", guarded);
        }
    }
}
