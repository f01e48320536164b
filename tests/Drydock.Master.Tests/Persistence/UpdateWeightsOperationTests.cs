using Drydock.Master.Persistence;

namespace Drydock.Master.Tests.Persistence;

public sealed class UpdateWeightsOperationTests
{
    private static readonly Dictionary<string, double> NoFlags = [];

    [Fact]
    public void Apply_FirstUpdate_StartsFromTheFlagWeights()
    {
        var state = new UpdateWeightsOperation([new("web", 2)], new Dictionary<string, double> { ["batch"] = 0.5, ["web"] = 3 }).Apply(DurableState.Empty);

        Assert.Equal([new("batch", 0.5), new("web", 2.0)], state.Weights!);
    }

    [Fact]
    public void Apply_LaterUpdate_KeepsOtherRolesAndIgnoresTheFlags()
    {
        var state = new UpdateWeightsOperation([new("web", 2)], NoFlags).Apply(DurableState.Empty);

        state = new UpdateWeightsOperation([new("batch", 4), new("batch", 5)], new Dictionary<string, double> { ["ops"] = 9 }).Apply(state);

        Assert.Equal([new("batch", 5.0), new("web", 2.0)], state.Weights!);
    }

    [Fact]
    public void Apply_EmptyUpdateWithoutFlags_StoresNothing()
    {
        var state = new UpdateWeightsOperation([], NoFlags).Apply(DurableState.Empty);

        Assert.Null(state.Weights);
    }
}
