using System.Collections.Immutable;
using Drydock.Protocol.Operator;

namespace Drydock.Master.Persistence;

/// <summary>
/// UPDATE_WEIGHTS: sets the weight of each role listed (a later entry for the same role wins). Weights not listed keep
/// their value. The first update starts from <paramref name="FlagWeights"/> (<c>--weights</c>), so that from then on the
/// registry holds every weight in force and <c>--weights</c> is no longer read.
/// </summary>
internal sealed record UpdateWeightsOperation(IReadOnlyList<WeightInfo> Updates, IReadOnlyDictionary<string, double> FlagWeights) : RegistryOperation
{
    public override string Name => "UpdateWeights";

    public override DurableState Apply(DurableState state)
    {
        var weights = (state.Weights ?? FlagWeights.ToImmutableSortedDictionary(StringComparer.Ordinal)).ToBuilder();
        foreach (var update in Updates)
        {
            weights[update.Role] = update.Weight;
        }

        // Nothing to keep (an empty update, no --weights) stores nothing, so --weights still applies after a restart.
        return weights.Count == 0 ? state : state with { Weights = weights.ToImmutable() };
    }
}
