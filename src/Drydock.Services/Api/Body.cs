using Microsoft.AspNetCore.Http;

namespace Drydock.Services.Api;

/// <summary>Reads a request body whole (Kestrel bounds its size), whatever its declared type: Marathon's clients all send JSON.</summary>
internal static class Body
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
