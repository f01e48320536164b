using Drydock.Services.Instances;

namespace Drydock.Services.Persistence;

/// <summary>What a restarted scheduler recovers: its framework id, the current apps, the running deployments and the instances it launched.</summary>
internal sealed record StoredServices(
    string? FrameworkId,
    IReadOnlyList<StoredAppVersion> Apps,
    IReadOnlyList<StoredDeployment> Deployments,
    IReadOnlyList<Instance> Instances);
