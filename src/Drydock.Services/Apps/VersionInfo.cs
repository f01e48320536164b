namespace Drydock.Services.Apps;

/// <summary>When the app last changed in scale and in configuration (Marathon's <c>versionInfo</c>).</summary>
internal sealed record VersionInfo(DateTimeOffset LastScalingAt, DateTimeOffset LastConfigChangeAt);
