using Drydock.Master.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>
/// <c>/health</c>, whatever the method. Mesos answers 200 with an empty body, and so does Drydock while every background
/// loop is healthy. While one is failing (its last cycle failed; the next success clears it) the master still serves,
/// but it is not healthy: a load balancer or systemd watchdog that polls <c>/health</c> should hear it, and an operator
/// should read why without searching the log. So it answers 503 with a plain-text line per failing loop: its name,
/// since when, how many cycles in a row and the last error's message.
/// </summary>
internal static class HealthEndpoint
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in MesosRoutes.Prefixes)
        {
            routes.Map($"{prefix}/health", Handle);
        }
    }

    private static Task Handle(HttpContext context)
    {
        var failing = context.RequestServices.GetRequiredService<LoopHealth>().Failing;
        return failing.Count == 0
            ? MesosResponses.Ok(context)
            : MesosResponses.Text(context, StatusCodes.Status503ServiceUnavailable, LoopHealth.Describe(failing));
    }
}
