using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>An instance of the old version when a rolling replacement begins: whether it counts as healthy then.</summary>
internal sealed record OldInstance(InstanceId Id, bool Healthy);
