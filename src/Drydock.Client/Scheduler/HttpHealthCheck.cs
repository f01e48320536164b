namespace Drydock.Client.Scheduler;

/// <summary>An HTTP health check's target (Mesos <c>HealthCheck.HTTPCheckInfo</c>).</summary>
/// <param name="Port">The port to GET.</param>
public sealed record HttpHealthCheck(int Port)
{
    /// <summary><c>http</c> (the default) or <c>https</c>.</summary>
    public string? Scheme { get; init; }

    /// <summary>The path to GET (default <c>/</c>).</summary>
    public string? Path { get; init; }

    /// <summary>The statuses that count as healthy; empty means 200–399.</summary>
    public IReadOnlyList<int> Statuses { get; init; } = [];

    /// <summary><c>IPv4</c> (the default) or <c>IPv6</c>.</summary>
    public string? Protocol { get; init; }
}
