using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>What a rolling replacement wants done now: kill these old instances, and launch this many new ones.</summary>
internal sealed record ReplacementDecision(IReadOnlyList<InstanceId> Kill, int Launch)
{
    public static readonly ReplacementDecision Nothing = new([], 0);
}
