namespace Drydock.Protocol.Scheduler;

/// <summary>What a framework says about itself when it subscribes (Mesos <c>FrameworkInfo</c>, the fields Drydock uses).</summary>
public sealed record FrameworkInfo
{
    public required string User { get; init; }

    public required string Name { get; init; }

    /// <summary>The framework id when re-subscribing; null (or empty) for a new framework.</summary>
    public string? Id { get; init; }

    public double FailoverTimeoutSeconds { get; init; }

    public bool Checkpoint { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = ["*"];

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public string? Hostname { get; init; }

    public string? WebuiUrl { get; init; }

    public string? Principal { get; init; }

    public IReadOnlyList<Label> Labels { get; init; } = [];

    public bool IsPartitionAware => Capabilities.Contains("PARTITION_AWARE");
}
