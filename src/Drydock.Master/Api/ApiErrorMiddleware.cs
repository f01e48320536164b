using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Api;

/// <summary>
/// Turns the failures a request can meet into answers: an oversized body is 413, a malformed request Kestrel
/// rejected is its 4xx, a registry that cannot write is 503. Anything else is a bug: logged, answered 500, and
/// the master keeps serving.
/// </summary>
internal sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (RequestTooLargeException e) when (!context.Response.HasStarted)
        {
            await MesosResponses.Text(context, StatusCodes.Status413PayloadTooLarge, e.Message);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await MesosResponses.Text(context, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new RequestTooLargeException(context.RequestServices.GetRequiredService<MasterOptions>().MaxRequestBodyBytes).Message
                : e.Message);
        }
        catch (RegistryUnavailableException e) when (!context.Response.HasStarted)
        {
            await MesosResponses.Text(context, StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnhandled(context.Request.Method, context.Request.Path, e);
            await MesosResponses.Text(context, StatusCodes.Status500InternalServerError, "500 Internal Server Error.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    private partial void LogUnhandled(string method, string path, Exception exception);
}
