namespace Drydock.Master.Registry;

/// <summary>The master's agent health flags (Mesos names, Mesos defaults).</summary>
internal sealed record RegistryOptions
{
    /// <summary><c>--agent-ping-timeout</c>: how often the master pings each agent.</summary>
    public TimeSpan AgentPingTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary><c>--max-agent-ping-timeouts</c>: pings in a row without a pong before the agent is unreachable.</summary>
    public int MaxAgentPingTimeouts { get; init; } = 5;

    /// <summary>
    /// <c>--agent-reregister-timeout</c>: how long a disconnected agent, or one known from the registry after a master
    /// restart, has to re-register before it is marked unreachable.
    /// </summary>
    public TimeSpan AgentReregisterTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--agent-removal-rate-limit</c>: at most this many agents marked unreachable per window; null: no limit.</summary>
    public RemovalRateLimit? AgentRemovalRateLimit { get; init; }

    /// <summary>
    /// <c>--agent-registration-timeout</c> (Drydock's): how long a new agent channel may take to send its Register or
    /// Reregister before the master closes it. Mesos has no such flag: libprocess drops silent sockets itself.
    /// </summary>
    public TimeSpan AgentRegistrationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>--max-unregistered-agent-channels</c> (Drydock's): how many agent channels may wait for their registration at
    /// once; an upgrade beyond it is refused with 503, so idle sockets cannot use up the master's file descriptors.
    /// </summary>
    public int MaxUnregisteredAgentChannels { get; init; } = 1000;

    public TimeSpan TotalPingTimeout => AgentPingTimeout * MaxAgentPingTimeouts;
}

/// <summary>At most <see cref="Permits"/> agents marked unreachable in any <see cref="Window"/> (Mesos's <c>1/20mins</c>).</summary>
public sealed record RemovalRateLimit(int Permits, TimeSpan Window)
{
    public override string ToString() => $"{Permits}/{Window}";
}

/// <summary>Grants marks under a <see cref="RemovalRateLimit"/>, on the injected clock.</summary>
internal sealed class RemovalRateLimiter(RemovalRateLimit? limit)
{
    private readonly Queue<DateTimeOffset> _granted = new();

    public bool TryAcquire(DateTimeOffset now)
    {
        if (limit is null)
        {
            return true;
        }

        while (_granted.Count > 0 && _granted.Peek() + limit.Window <= now)
        {
            _granted.Dequeue();
        }

        if (_granted.Count >= limit.Permits)
        {
            return false;
        }

        _granted.Enqueue(now);
        return true;
    }
}
