using Drydock.Master.Maintenance;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>The v0 maintenance endpoints: <c>/maintenance/schedule</c>, <c>/maintenance/status</c>, <c>/machine/down|up</c>.</summary>
internal static class MaintenanceEndpoints
{
    public static void MapMaintenance(this IEndpointRouteBuilder routes)
    {
        routes.MapMesos("maintenance/schedule", MesosRoutes.GetPost, Schedule);
        routes.MapMesos("maintenance/status", MesosRoutes.Get, Status);
        routes.MapMesos("machine/down", MesosRoutes.Post, context => ChangeModes(context, down: true));
        routes.MapMesos("machine/up", MesosRoutes.Post, context => ChangeModes(context, down: false));
    }

    private static async Task Schedule(HttpContext context)
    {
        var service = context.RequestServices.GetRequiredService<MaintenanceService>();
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await WriteJson(context, service.Schedule);
            return;
        }

        var body = await RequestBody.ReadAsync(context.Request, Limits(context));
        var schedule = MaintenanceJson.ParseSchedule(body);
        if (!schedule.Succeeded)
        {
            await MesosResponses.BadRequest(context, schedule.Error);
            return;
        }

        await Answer(context, await service.UpdateScheduleAsync(schedule.Value, context.RequestAborted));
    }

    private static Task Status(HttpContext context) =>
        WriteJson(context, context.RequestServices.GetRequiredService<MaintenanceService>().Status);

    private static async Task ChangeModes(HttpContext context, bool down)
    {
        var body = await RequestBody.ReadAsync(context.Request, Limits(context));
        var machines = MaintenanceJson.ParseMachineList(body);
        if (!machines.Succeeded)
        {
            await MesosResponses.BadRequest(context, machines.Error);
            return;
        }

        var service = context.RequestServices.GetRequiredService<MaintenanceService>();
        var error = down
            ? await service.StartMaintenanceAsync(machines.Value, context.RequestAborted)
            : await service.StopMaintenanceAsync(machines.Value, context.RequestAborted);
        await Answer(context, error);
    }

    internal static Task Answer(HttpContext context, string? error) =>
        error is null ? MesosResponses.Ok(context) : MesosResponses.BadRequest(context, error);

    private static Task WriteJson<T>(HttpContext context, T value) =>
        ContentNegotiation.AcceptsJson(context.Request)
            ? MesosResponses.Json(context, MesosJson.SerializeToUtf8(value))
            : MesosResponses.NotAcceptable(context);

    private static long Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<Hosting.MasterOptions>().MaxRequestBodyBytes;
}
