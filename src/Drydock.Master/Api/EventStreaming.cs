using System.Threading.Channels;
using Drydock.Protocol.Scheduler;
using Microsoft.AspNetCore.Http;

namespace Drydock.Master.Api;

/// <summary>
/// The RecordIO event streams both v1 APIs serve (the scheduler's and the operator's SUBSCRIBE): one record per write,
/// flushed at once (wire rule 7), and a heartbeat whenever nothing was sent for a heartbeat interval.
/// </summary>
internal static class EventStreaming
{
    public static void Begin(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = MesosResponses.JsonMediaType;
        context.Response.Headers.CacheControl = "no-cache";
    }

    public static async Task WriteRecordAsync(HttpContext context, byte[] json, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(RecordIo.Frame(json), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Sends every event until the channel completes or <paramref name="ending"/> fires (which ends it quietly).</summary>
    public static async Task PumpAsync(HttpContext context, ChannelReader<byte[]> events, TimeSpan interval, byte[] heartbeat, CancellationToken ending)
    {
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ending);
                idle.CancelAfter(interval);
                try
                {
                    if (!await events.WaitToReadAsync(idle.Token))
                    {
                        return;
                    }

                    while (events.TryRead(out var next))
                    {
                        await WriteRecordAsync(context, next, ending);
                    }
                }
                catch (OperationCanceledException) when (!ending.IsCancellationRequested)
                {
                    await WriteRecordAsync(context, heartbeat, ending);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, or the master is stopping.
        }
    }
}
