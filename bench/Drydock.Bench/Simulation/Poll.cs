using System.Diagnostics;

namespace Drydock.Bench.Simulation;

/// <summary>Waiting for a simulated cluster to reach a state, with a deadline instead of a sleep.</summary>
internal static class Poll
{
    /// <summary>Polls every 10 ms until <paramref name="done"/> holds; throws naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> done, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{what} not within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}
