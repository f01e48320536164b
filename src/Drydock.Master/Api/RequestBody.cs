using Microsoft.AspNetCore.Http;

namespace Drydock.Master.Api;

/// <summary>Reads a whole request body, chunked or not, refusing more than the configured limit.</summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            throw new RequestTooLargeException(limit);
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)Math.Min(length, limit) : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new RequestTooLargeException(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}

/// <summary>A request body over the limit; answered with 413 by the API's error handling.</summary>
internal sealed class RequestTooLargeException(long limit)
    : Exception($"Request body exceeds the limit of {limit} bytes (--max-request-body)")
{
    public long Limit { get; } = limit;
}
