using Drydock.Cli.Commands.Master;

namespace Drydock.Cli.Tests;

public sealed class MasterFlagsTests
{
    [Fact]
    public void ParseWeights_RolePairs_ReadsEachWeight()
    {
        var errors = new List<string>();

        var weights = MasterRunCommand.ParseWeights("web=2, batch=0.5,slave_public=1", errors);

        Assert.Empty(errors);
        Assert.Equal(new Dictionary<string, double> { ["web"] = 2, ["batch"] = 0.5, ["slave_public"] = 1 }, weights);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("web=0")]
    [InlineData("web=-1")]
    [InlineData("=2")]
    [InlineData("web=heavy")]
    [InlineData("web=Infinity")]
    public void ParseWeights_BadPair_IsAnErrorNamingIt(string text)
    {
        var errors = new List<string>();

        MasterRunCommand.ParseWeights(text, errors);

        Assert.Contains(text, Assert.Single(errors), StringComparison.Ordinal);
    }
}
