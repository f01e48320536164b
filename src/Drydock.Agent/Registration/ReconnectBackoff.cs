namespace Drydock.Agent.Registration;

/// <summary>
/// How long the agent waits before its next attempt to (re-)register, as Mesos's <c>--registration_backoff_factor</c>
/// describes it: the first attempt after the channel is lost waits a random time in [0, b], the k-th retry one in
/// [0, b·2^k], capped at <see cref="Max"/>. A successful (re-)registration starts the count again, so each master
/// restart is met with a short wait, not with the doubled wait of every earlier one.
/// </summary>
/// <remarks>
/// The wait is random over the whole interval ("full jitter"), as in Mesos: after a master restart thousands of agents
/// come back spread over the interval instead of all at once at its end.
/// </remarks>
internal sealed class ReconnectBackoff(TimeSpan factor, Func<double>? random = null)
{
    /// <summary>Mesos's <c>REGISTER_RETRY_INTERVAL_MAX</c>.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(1);

    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>Attempts since the last successful registration (0: none yet).</summary>
    public int Attempt { get; private set; }

    /// <summary>The upper bound of the next wait.</summary>
    public TimeSpan NextCap =>
        TimeSpan.FromMilliseconds(Math.Min(Max.TotalMilliseconds, factor.TotalMilliseconds * Math.Pow(2, Math.Min(Attempt, 16))));

    /// <summary>The wait before the next attempt; counts the attempt.</summary>
    public TimeSpan Next()
    {
        var wait = TimeSpan.FromMilliseconds(_random() * NextCap.TotalMilliseconds);
        Attempt++;
        return wait;
    }

    /// <summary>The agent is registered: the next loss of the channel starts from [0, b] again.</summary>
    public void Reset() => Attempt = 0;
}
