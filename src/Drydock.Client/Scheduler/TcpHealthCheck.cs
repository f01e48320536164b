namespace Drydock.Client.Scheduler;

/// <summary>A TCP health check's target (Mesos <c>HealthCheck.TCPCheckInfo</c>).</summary>
/// <param name="Port">The port to connect to.</param>
public sealed record TcpHealthCheck(int Port)
{
    /// <summary><c>IPv4</c> (the default) or <c>IPv6</c>.</summary>
    public string? Protocol { get; init; }
}
