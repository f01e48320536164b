using System.Text.Json;
using Drydock.Master.Hosting;
using Drydock.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>
/// The checks the v1 APIs (<c>/api/v1</c>, <c>/api/v1/scheduler</c>) make before a call is read, in Mesos's order and
/// words: method, Content-Type, then the body as JSON.
/// </summary>
internal static class JsonCallReader
{
    /// <summary>The body as a JSON document, or null once an error has been answered.</summary>
    public static async Task<JsonDocument?> ReadAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await MesosResponses.MethodNotAllowed(context, MesosRoutes.Post);
            return null;
        }

        switch (ContentNegotiation.MediaType(context.Request))
        {
            case null:
                await MesosResponses.BadRequest(context, "Expecting 'Content-Type' to be present");
                return null;
            case MesosResponses.JsonMediaType:
                break;
            default:
                // Drydock speaks JSON only; protobuf bodies are refused rather than misread.
                await MesosResponses.Text(context, StatusCodes.Status415UnsupportedMediaType, "Expecting 'Content-Type' of application/json");
                return null;
        }

        var options = context.RequestServices.GetRequiredService<MasterOptions>();
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes);
        var document = ProtoJson.ParseDocument(body);
        if (!document.Succeeded)
        {
            await MesosResponses.BadRequest(context, "Failed to parse body into JSON: " + document.Error);
            return null;
        }

        return document.Value;
    }
}
