namespace Drydock.Services.Hosting;

/// <summary>The settings of one <c>drydock services</c> process, from its flags (or <c>DRYDOCK_*</c>).</summary>
internal sealed record ServicesSettings
{
    /// <summary>The master as <c>HOST:PORT</c> (or a URL).</summary>
    public string Master { get; init; } = "127.0.0.1:5050";

    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The port of the <c>/v2</c> API; 0 picks a free one.</summary>
    public int Port { get; init; } = 8080;

    public string? Hostname { get; init; }

    public string WorkDir { get; init; } = "./.drydock/services";

    public string FrameworkName { get; init; } = "marathon";

    public string Role { get; init; } = "*";

    public string? User { get; init; }

    /// <summary>Marathon's <c>--failover_timeout</c>: one week.</summary>
    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromDays(7);

    public string LogLevel { get; init; } = "info";
}
