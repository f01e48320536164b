namespace Drydock.Services.Events;

/// <summary>
/// Copies one subscription's frames to a response body as they come, with a bare <c>\r\n</c> heartbeat every
/// <see cref="HeartbeatInterval"/> (Jetty's EventSource rhythm) so that idle proxies keep the connection. Ends when the
/// subscription is disconnected (its queued frames are dropped) or the token is cancelled.
/// </summary>
internal sealed class EventStreamWriter(Stream body, EventSubscription subscription, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    private static readonly ReadOnlyMemory<byte> Heartbeat = "\r\n"u8.ToArray();

    // Started with the writer, so the heartbeat's rhythm counts from the moment the stream opens.
    private readonly PeriodicTimer _heartbeat = new(HeartbeatInterval, time);

    public void Dispose() => _heartbeat.Dispose();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tick = _heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
        var ready = subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            var done = await Task.WhenAny(ready, tick);
            if (subscription.Overflowed)
            {
                return;
            }

            if (done == tick)
            {
                if (!await tick)
                {
                    return;
                }

                await body.WriteAsync(Heartbeat, cancellationToken);
                await body.FlushAsync(cancellationToken);
                tick = _heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            if (!await ready)
            {
                return;
            }

            while (subscription.Reader.TryRead(out var frame))
            {
                if (subscription.Overflowed)
                {
                    return;
                }

                await body.WriteAsync(frame.Bytes, cancellationToken);
            }

            await body.FlushAsync(cancellationToken);
            ready = subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
        }
    }
}
