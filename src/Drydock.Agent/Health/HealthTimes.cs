namespace Drydock.Agent.Health;

/// <summary>A health check's seconds as time spans, and waits of any length (a timer takes at most about 49 days).</summary>
internal static class HealthTimes
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(365 * 1000);
    private static readonly TimeSpan TimerChunk = TimeSpan.FromDays(20);

    /// <summary>A non-negative, finite number of seconds (as validated) as a time span; huge values are capped.</summary>
    public static TimeSpan Seconds(double seconds) =>
        seconds <= 0 || !double.IsFinite(seconds) ? TimeSpan.Zero : seconds >= Longest.TotalSeconds ? Longest : TimeSpan.FromSeconds(seconds);

    /// <summary>Waits until <paramref name="due"/> on <paramref name="time"/>, in steps a timer can take.</summary>
    public static async Task WaitUntilAsync(DateTimeOffset due, TimeProvider time, CancellationToken cancellationToken)
    {
        while (due - time.GetUtcNow() is var left && left > TimeSpan.Zero)
        {
            await Task.Delay(left < TimerChunk ? left : TimerChunk, time, cancellationToken);
        }
    }
}
