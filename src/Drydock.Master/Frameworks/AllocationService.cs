using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace Drydock.Master.Frameworks;

/// <summary>
/// Runs the allocation cycle every <c>--allocation-interval</c> and, between ticks, as soon as something that changes
/// the picture happens (a framework subscribes, declines or revives; an agent registers).
/// </summary>
internal sealed class AllocationService(OfferBook offers, SchedulerOptions options, TimeProvider time) : BackgroundService
{
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
                await offers.RunCycleAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
