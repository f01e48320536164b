namespace Drydock.Protocol.Operator;

/// <summary>
/// Build information, as <c>/version</c> and GET_VERSION give it. <see cref="Version"/> is the Mesos API level
/// Drydock speaks, which is what clients compare; <see cref="DrydockVersion"/> is Drydock's own release.
/// </summary>
public sealed record VersionInfo(string Version, string BuildDate, double BuildTime, string BuildUser)
{
    public string? GitSha { get; init; }

    public string? DrydockVersion { get; init; }
}
