using System.Text;
using Drydock.Master.Frameworks;
using Drydock.Master.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Api;

/// <summary>
/// Teardown from outside the framework, the v0 way: <c>POST /teardown</c> with the form body <c>frameworkId=ID</c>
/// (whatever the Content-Type, none included, as the older DC/OS CLI sends it), and its older name <c>/shutdown</c>,
/// under every prefix. 200 with an empty body once the framework is removed; Mesos's 400 texts otherwise. The v1
/// operator call <c>TEARDOWN</c> shares <see cref="TeardownAsync"/>.
/// </summary>
internal static class TeardownEndpoints
{
    /// <summary>Mesos's answer for a framework that is not registered (completed ones included).</summary>
    public const string UnknownFramework = "No framework found with specified ID";

    public static void MapTeardown(this IEndpointRouteBuilder routes)
    {
        routes.MapMesos("teardown", MesosRoutes.Post, HandleAsync);
        routes.MapMesos("shutdown", MesosRoutes.Post, HandleAsync);
    }

    /// <summary>
    /// Removes the framework (its tasks killed, ERROR on its stream) and answers 200, or 400 when it is unknown. A removal
    /// once begun is finished even if the client goes away.
    /// </summary>
    public static async Task TeardownAsync(HttpContext context, string frameworkId)
    {
        var removal = context.RequestServices.GetRequiredService<FrameworkRemoval>();
        // An id that breaks Mesos's rule names no framework (unless an older build stored one): refused before the removal room.
        if (!OperatorCallIds.MayTearDown(context.RequestServices.GetRequiredService<FrameworkRegistry>(), frameworkId)
            || !await removal.RemoveAsync(frameworkId, "operator teardown", tellFramework: true, CancellationToken.None))
        {
            await MesosResponses.BadRequest(context, UnknownFramework);
            return;
        }

        await MesosResponses.Ok(context);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<MasterOptions>().MaxRequestBodyBytes;
        var body = await RequestBody.ReadAsync(context.Request, limit);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            await MesosResponses.BadRequest(context, "Unable to decode query string: the body is not UTF-8");
            return;
        }

        var values = QueryHelpers.ParseQuery(text.Trim());
        if (!values.TryGetValue("frameworkId", out var id) || id.Count == 0)
        {
            await MesosResponses.BadRequest(context, "Missing 'frameworkId' query parameter in the request body");
            return;
        }

        await TeardownAsync(context, id[^1] ?? string.Empty);
    }
}
