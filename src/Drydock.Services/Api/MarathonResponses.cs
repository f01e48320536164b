using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Drydock.Services.Api;

/// <summary>
/// Writes answers as Marathon does: JSON typed <c>application/json</c> with no charset, errors as
/// <c>{"message":…}</c> (every error body carries a string <c>message</c>: the DC/OS CLI reads it).
/// </summary>
internal static class MarathonResponses
{
    public const string JsonType = "application/json";

    public static async Task Json(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonType;
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    public static Task Message(HttpContext context, int status, string message) => Json(context, status, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteEndObject();
    });
}
