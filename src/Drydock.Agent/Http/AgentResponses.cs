using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Drydock.Agent.Http;

/// <summary>
/// Writes replies as Mesos's HTTP library does (wire rules 1 and 2): JSON with exactly <c>application/json</c>, errors
/// as plain text with Mesos's message.
/// </summary>
internal static class AgentResponses
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
        var body = Encoding.UTF8.GetBytes(message);
        if (body.Length > 0)
        {
            context.Response.ContentType = TextMediaType;
        }

        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task BadRequest(HttpContext context, string message) => Text(context, StatusCodes.Status400BadRequest, message);

    public static Task MethodNotAllowed(HttpContext context, string allowed)
    {
        context.Response.Headers.Allow = allowed;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"405 Method Not Allowed. Expecting one of {{ '{allowed}' }}, but received '{context.Request.Method}'.");
        return Text(context, StatusCodes.Status405MethodNotAllowed, message);
    }

    public static Task NotAcceptable(HttpContext context) =>
        Text(context, StatusCodes.Status406NotAcceptable, "Expecting 'Accept' to allow 'application/json'");

    /// <summary>
    /// True when the reply may be JSON: no Accept header, or any media range covering <c>application/json</c> with a
    /// non-zero quality (the header may be given more than once).
    /// </summary>
    public static bool AcceptsJson(HttpRequest request)
    {
        var values = request.Headers.Accept;
        var any = false;
        foreach (var header in values)
        {
            foreach (var range in (header ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                any = true;
                var parts = range.Split(';', StringSplitOptions.TrimEntries);
                if (parts[0].ToLowerInvariant() is "*/*" or "application/*" or JsonMediaType && !parts.Skip(1).Any(IsZeroQuality))
                {
                    return true;
                }
            }
        }

        return !any;
    }

    /// <summary>The request's media type without parameters, lower-cased; null when absent.</summary>
    public static string? MediaType(HttpRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ContentType))
        {
            return null;
        }

        var semicolon = request.ContentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? request.ContentType : request.ContentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static bool IsZeroQuality(string parameter)
    {
        var eq = parameter.IndexOf('=', StringComparison.Ordinal);
        return eq > 0
            && parameter[..eq].Trim().Equals("q", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(parameter[(eq + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var q)
            && q <= 0;
    }
}
