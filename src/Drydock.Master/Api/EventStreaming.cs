using System.Threading.Channels;
using Drydock.Protocol.Scheduler;
using Microsoft.AspNetCore.Http;

namespace Drydock.Master.Api;

/// <summary>
/// The RecordIO event streams both v1 APIs serve (the scheduler's and the operator's SUBSCRIBE): one record per write,
/// flushed at once (wire rule 7), and a heartbeat every heartbeat interval.
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

    /// <summary>
    /// Sends every event until the channel completes or <paramref name="ending"/> fires (which ends it quietly), and a
    /// heartbeat every <paramref name="interval"/> whatever else flows, as Mesos's heartbeater does: a client that counts
    /// heartbeats to judge the connection's health must see them on a busy stream too.
    /// </summary>
    public static async Task PumpAsync(HttpContext context, ChannelReader<byte[]> events, TimeSpan interval, byte[] heartbeat, CancellationToken ending)
    {
        var time = context.RequestServices.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            var tick = timer.WaitForNextTickAsync(ending).AsTask();
            var ready = events.WaitToReadAsync(ending).AsTask();
            while (true)
            {
                // One writer: the heartbeat and the events never interleave within a record.
                var done = await Task.WhenAny(tick, ready);
                if (done == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    await WriteRecordAsync(context, heartbeat, ending);
                    tick = timer.WaitForNextTickAsync(ending).AsTask();
                    continue;
                }

                if (!await ready)
                {
                    return;
                }

                while (events.TryRead(out var next))
                {
                    await WriteRecordAsync(context, next, ending);
                }

                ready = events.WaitToReadAsync(ending).AsTask();
            }
        }
        catch (Exception e) when (IsStreamEnd(e))
        {
            // The client went away, or the master is stopping.
        }
    }

    /// <summary>
    /// How a stream ends from outside: the client went away (a write fails or is aborted) or the master is stopping.
    /// It ends this subscriber's stream only; the other streams and the master go on.
    /// </summary>
    public static bool IsStreamEnd(Exception e) => e is OperationCanceledException or IOException or ObjectDisposedException;
}
