using System.Diagnostics;

namespace Drydock.Bench.Simulation;

/// <summary>What one batch of registrations took: the agents, and the first connect and last AgentRegistered (Stopwatch timestamps).</summary>
internal sealed record RegistrationRun(IReadOnlyList<SimulatedAgent> Agents, long FirstConnect, long LastRegistered)
{
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(FirstConnect, LastRegistered);

    public double AgentsPerSecond => Agents.Count / Elapsed.TotalSeconds;

    /// <summary>Milliseconds from each agent's connect to its AgentRegistered (WebSocket handshake included), sorted.</summary>
    public double[] ConnectToRegistered() =>
        [.. Agents.Select(a => Stopwatch.GetElapsedTime(a.ConnectStarted, a.Registered).TotalMilliseconds).Order()];

    /// <summary>Agents per second within each consecutive slice of <paramref name="size"/> registrations, in the order they completed.</summary>
    public double[] RatePerSlice(int size)
    {
        var done = Agents.Select(a => a.Registered).Order().ToArray();
        var rates = new List<double>();
        for (var start = 0; start < done.Length; start += size)
        {
            var end = Math.Min(done.Length, start + size) - 1;
            var from = start == 0 ? FirstConnect : done[start - 1];
            rates.Add((end - start + 1) / Stopwatch.GetElapsedTime(from, done[end]).TotalSeconds);
        }

        return [.. rates];
    }

    /// <summary>The longest time in which no agent got its AgentRegistered while others waited for theirs.</summary>
    public TimeSpan LongestPause()
    {
        var done = Agents.Select(a => a.Registered).Order().ToArray();
        var longest = 0L;
        for (var i = 1; i < done.Length; i++)
        {
            longest = Math.Max(longest, done[i] - done[i - 1]);
        }

        return Stopwatch.GetElapsedTime(0, longest);
    }

    /// <summary>Milliseconds from each agent's Register message to its AgentRegistered, sorted.</summary>
    public double[] RegisterToRegistered() =>
        [.. Agents.Select(a => Stopwatch.GetElapsedTime(a.RegisterSent, a.Registered).TotalMilliseconds).Order()];
}
