namespace Drydock.Services.Hosting;

/// <summary>
/// Who this scheduler is: the address it serves (known once bound), the framework id once the master gave one, and the
/// master it is subscribed to. Written by the host and the scheduler, read by the API.
/// </summary>
internal sealed class ServicesIdentity(ServicesSettings settings)
{
    private volatile string? _frameworkId;
    private volatile string? _masterUrl;

    private readonly TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Port { get; private set; } = settings.Port;

    /// <summary>Completes once the API is bound and <see cref="Port"/> is the real one, so the framework's webui_url is right.</summary>
    public Task Bound => _bound.Task;

    public void MarkBound(int port)
    {
        Port = port;
        _bound.TrySetResult();
    }

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
