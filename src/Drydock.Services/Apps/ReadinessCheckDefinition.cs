namespace Drydock.Services.Apps;

/// <summary>An app's readiness check: polled by the scheduler on a new task once it runs, until it answers ready.</summary>
internal sealed record ReadinessCheckDefinition
{
    public string Name { get; init; } = "readinessCheck";

    /// <summary><c>HTTP</c> or <c>HTTPS</c>.</summary>
    public string Protocol { get; init; } = "HTTP";

    public string Path { get; init; } = "/";

    public string PortName { get; init; } = "http-api";

    public int IntervalSeconds { get; init; } = 30;

    public int TimeoutSeconds { get; init; } = 10;

    public IReadOnlyList<int> HttpStatusCodesForReady { get; init; } = [200];

    public bool PreserveLastResponse { get; init; }
}
