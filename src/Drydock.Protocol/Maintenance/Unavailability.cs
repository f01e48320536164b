namespace Drydock.Protocol.Maintenance;

/// <summary>When a machine is unavailable: from <paramref name="Start"/>, for <paramref name="Duration"/> (forever when absent).</summary>
public sealed record Unavailability(TimeInfo Start, DurationInfo? Duration = null);
