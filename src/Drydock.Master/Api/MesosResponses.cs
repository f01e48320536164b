using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Drydock.Master.Api;

/// <summary>
/// Writes responses the way Mesos's HTTP library does: JSON with exactly <c>application/json</c> (no charset),
/// success without data as 200 with an empty body and no Content-Type, errors as plain text.
/// </summary>
internal static class MesosResponses
{
    public const string JsonMediaType = "application/json";

    private const string TextMediaType = "text/plain; charset=utf-8";

    public static Task Json(HttpContext context, byte[] body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = JsonMediaType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task Ok(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public static Task Text(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = TextMediaType;
        var body = System.Text.Encoding.UTF8.GetBytes(message);
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task BadRequest(HttpContext context, string message) => Text(context, StatusCodes.Status400BadRequest, message);

    public static Task MethodNotAllowed(HttpContext context, IReadOnlyList<string> allowed)
    {
        context.Response.Headers.Allow = string.Join(", ", allowed);
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"405 Method Not Allowed. Expecting one of {{ '{string.Join("', '", allowed)}' }}, but received '{context.Request.Method}'.");
        return Text(context, StatusCodes.Status405MethodNotAllowed, message);
    }

    public static Task NotAcceptable(HttpContext context) =>
        Text(context, StatusCodes.Status406NotAcceptable, "Expecting 'Accept' to allow 'application/json'");
}
