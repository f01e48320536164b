using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>What a scale check or a ScaleApplication does: kill these instances (in this order), and queue this many new ones.</summary>
internal sealed record ScalingDecision(IReadOnlyList<Instance> ToKill, int ToStart)
{
    public static readonly ScalingDecision None = new([], 0);
}
