namespace Drydock.Client.Marathon;

/// <summary>What <c>GET /v2/info</c> says about the scheduler.</summary>
public sealed record MarathonInfo
{
    /// <summary>The product's name (<c>marathon</c>).</summary>
    public string Name { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The Marathon version it answers as.</summary>
    public string Version { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>Whether this instance is the leader.</summary>
    public bool Elected { get; init; }

    /// <summary>The leader's <c>host:port</c>.</summary>
    public string? Leader { get; init; }

    /// <summary>The framework id it is registered with, once it has one.</summary>
    public string? FrameworkId { get; init; }
}
