namespace Drydock.Client.Scheduler;

/// <summary>Capped exponential backoff with jitter: attempt n waits between half and all of min(initial × 2^(n-1), max).</summary>
internal static class Backoff
{
    /// <param name="attempt">1 for the first retry.</param>
    /// <param name="initial">The first cap.</param>
    /// <param name="max">The largest cap.</param>
    /// <param name="unit">A draw in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double unit)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var cap = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(cap * (0.5 + (0.5 * Math.Clamp(unit, 0, 1))));
    }
}
