namespace Drydock.Services.Apps;

/// <summary>
/// A port the app asks for on host networking. <see cref="Port"/> 0 means "any" (a service port is assigned when the
/// app is stored); with <c>requirePorts</c> the host port is <see cref="Port"/> itself.
/// </summary>
internal sealed record PortDefinition(int Port, string Protocol = "tcp", string? Name = null)
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
