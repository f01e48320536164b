namespace Drydock.Client.Scheduler;

/// <summary>A port a task serves, for service discovery (Mesos <c>Port</c>).</summary>
/// <param name="Number">The port number.</param>
public sealed record DiscoveryPort(int Number)
{
    /// <summary>The port's name (e.g. <c>http</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The protocol (<c>tcp</c> or <c>udp</c>).</summary>
    public string? Protocol { get; init; }

    /// <summary>FRAMEWORK, CLUSTER or EXTERNAL; unset inherits the discovery info's.</summary>
    public string? Visibility { get; init; }
}
