using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Drydock.Services.Api;

/// <summary>
/// The last word on a request that failed: a body too large is 413, a request Kestrel refused is its 4xx, anything
/// else is a bug, logged and answered 500 with Marathon's error shape; the scheduler keeps serving.
/// </summary>
internal sealed partial class MarathonErrorMiddleware(RequestDelegate next, ILogger<MarathonErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await MarathonResponses.Message(context, e.StatusCode, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnhandled(context.Request.Method, context.Request.Path, e);
            await MarathonResponses.Message(context, StatusCodes.Status500InternalServerError, "An unexpected error occurred in the service scheduler; it is logged.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    private partial void LogUnhandled(string method, string path, Exception exception);
}
