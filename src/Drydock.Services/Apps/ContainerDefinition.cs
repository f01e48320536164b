namespace Drydock.Services.Apps;

/// <summary>
/// The only container this command scheduler runs: <c>{"type":"MESOS"}</c> with host volumes and no image. Every other
/// shape is refused when the app is read.
/// </summary>
internal sealed record ContainerDefinition(string Type = "MESOS")
{
    public IReadOnlyList<HostVolume> Volumes { get; init; } = [];
}

/// <summary>A host path mounted into the sandbox (<c>containerPath</c>, <c>hostPath</c>, <c>mode</c> RO|RW).</summary>
internal sealed record HostVolume(string ContainerPath, string HostPath, string Mode);
