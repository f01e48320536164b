namespace Drydock.Services.Hosting;

/// <summary>
/// Who this scheduler is: the address it serves (known once bound), the framework id once the master gave one, and the
/// master it is subscribed to. Written by the host and the scheduler, read by the API.
/// </summary>
internal sealed class ServicesIdentity(ServicesSettings settings)
{
    private volatile string? _frameworkId;
    private volatile string? _masterUrl;

    public int Port { get; set; } = settings.Port;

    public string Hostname => settings.Hostname ?? settings.Ip;

    /// <summary><c>host:port</c>, as Marathon names its leader.</summary>
    public string Leader => $"{Hostname}:{Port}";

    public string Url => $"http://{Leader}";

    public string? FrameworkId
    {
        get => _frameworkId;
        set => _frameworkId = value;
    }

    /// <summary>The master the scheduler is subscribed to; null while it is not.</summary>
    public string? MasterUrl
    {
        get => _masterUrl;
        set => _masterUrl = value;
    }
}
