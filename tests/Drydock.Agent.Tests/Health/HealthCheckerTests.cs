using System.Threading.Channels;
using Drydock.Agent.Health;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Agent.Tests.Health;

/// <summary>The checker's schedule on a fake clock: delay, interval, timeout, and its stop after a kill.</summary>
public sealed class HealthCheckerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly Channel<HealthUpdate> _updates = Channel.CreateUnbounded<HealthUpdate>();
    private readonly Channel<string?> _checked = Channel.CreateUnbounded<string?>();
    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private (FakeProbe Probe, Task Run) Run(HealthCheckInfo check)
    {
        var probe = new FakeProbe(_time);
        var checker = new HealthChecker("t1", check, probe, new HealthTracker(check, Start), Start, _time, u => _updates.Writer.WriteAsync(u).AsTask(), NullLogger.Instance);
        checker.Checked += f => _checked.Writer.TryWrite(f);
        // Started in line: its first wait is on the fake clock before the test moves it.
        return (probe, checker.RunAsync(_stop.Token));
    }

    private Task<string?> CheckedAsync() => _checked.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private static HealthCheckInfo Check(double timeout = 20, long failures = 3) => new()
    {
        Type = "TCP",
        HasTcp = true,
        Port = 1,
        DelaySeconds = 15,
        IntervalSeconds = 10,
        TimeoutSeconds = timeout,
        GracePeriodSeconds = 10,
        ConsecutiveFailures = failures,
    };

    [Fact]
    public async Task RunAsync_FirstCheckAfterDelayThenEveryIntervalAfterEach()
    {
        var (probe, _) = Run(Check());
        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(probe.Pending);

        _time.Advance(TimeSpan.FromSeconds(1));
        var first = await probe.NextAsync();
        _time.Advance(TimeSpan.FromSeconds(2));
        first.Answer.SetResult(null);
        await CheckedAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        var second = await probe.NextAsync();

        Assert.Equal((Start.AddSeconds(15), Start.AddSeconds(27)), (first.At, second.At));
        Assert.Equal(new HealthUpdate(true, 0, false), await _updates.Reader.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_CheckPastTimeout_CountsAsFailure()
    {
        var (probe, _) = Run(Check(timeout: 5));
        _time.Advance(TimeSpan.FromSeconds(15));
        await probe.NextAsync();

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("TCP health check has not returned after 5 seconds; aborting", await CheckedAsync());
        Assert.Equal(new HealthUpdate(false, 1, false), await _updates.Reader.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_ConsecutiveFailures_KillUpdateThenStops()
    {
        var (probe, run) = Run(Check(failures: 2));
        _time.Advance(TimeSpan.FromSeconds(15));
        (await probe.NextAsync()).Answer.SetResult("refused");
        await CheckedAsync();
        _time.Advance(TimeSpan.FromSeconds(10));

        (await probe.NextAsync()).Answer.SetResult("refused");
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(new HealthUpdate(false, 1, false), await _updates.Reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(new HealthUpdate(false, 2, true), await _updates.Reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.False(probe.Pending);
    }

    [Fact]
    public async Task RunAsync_Stopped_EndsWithoutChecking()
    {
        var (probe, run) = Run(Check());

        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.False(probe.Pending);
        Assert.False(_updates.Reader.TryRead(out _));
    }
}
