using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>How a task is found by others (Mesos <c>DiscoveryInfo</c>).</summary>
/// <param name="Visibility">FRAMEWORK, CLUSTER or EXTERNAL.</param>
public sealed record DiscoveryInfo(string Visibility = "FRAMEWORK")
{
    /// <summary>The service's name.</summary>
    public string? Name { get; init; }

    /// <summary>The environment (e.g. <c>prod</c>).</summary>
    public string? Environment { get; init; }

    /// <summary>The location (e.g. a data centre).</summary>
    public string? Location { get; init; }

    /// <summary>The version served.</summary>
    public string? Version { get; init; }

    /// <summary>The ports served.</summary>
    public IReadOnlyList<DiscoveryPort> Ports { get; init; } = [];

    /// <summary>Free-form labels.</summary>
    public IReadOnlyList<Label> Labels { get; init; } = [];
}
