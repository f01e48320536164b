using System.Threading.Channels;
using Drydock.Master.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Frameworks;

/// <summary>
/// Runs the allocation cycle every <c>--allocation-interval</c> and, between ticks, as soon as something that changes
/// the picture happens (a framework subscribes, declines or revives; an agent registers). A cycle that fails is logged
/// and counted, and the next one runs.
/// </summary>
internal sealed partial class AllocationService(
    OfferBook offers,
    SchedulerOptions options,
    MasterMetrics metrics,
    LoopHealth health,
    TimeProvider time,
    ILogger<AllocationService> logger) : BackgroundService
{
    private const string Loop = "allocation";

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a cycle soon; many requests before it runs make one cycle.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(options.AllocationInterval, time, tick.Token);
                var woken = _wake.Reader.WaitToReadAsync(tick.Token).AsTask();
                await Task.WhenAny(delay, woken);
                await tick.CancelAsync();
                _wake.Reader.TryRead(out _);
                var started = time.GetTimestamp();
                try
                {
                    await offers.RunCycleAsync(stoppingToken);
                    metrics.AllocationRan(time.GetElapsedTime(started));
                    health.Succeeded(Loop);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    health.Failed(Loop, e);
                    LogCycleFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Allocation cycle failed; the next one runs as usual")]
    private partial void LogCycleFailed(Exception exception);
}
