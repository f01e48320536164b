using Drydock.Master.Allocation;
using Drydock.Protocol.Operator;

namespace Drydock.Master.Tests.Allocation;

public sealed class WeightsValidatorTests
{
    [Theory]
    [InlineData("", "Failed to validate update weights request JSON: Invalid role '': Role names cannot be the empty string")]
    [InlineData("  ", "Failed to validate update weights request JSON: Invalid role '': Role names cannot be the empty string")]
    [InlineData("/web", "Failed to validate update weights request JSON: Invalid role '/web': Role '/web' cannot start with a slash")]
    [InlineData("web/", "Failed to validate update weights request JSON: Invalid role 'web/': Role 'web/' cannot end with a slash")]
    [InlineData("a//b", "Failed to validate update weights request JSON: Invalid role 'a//b': Role 'a//b' cannot contain two adjacent slashes")]
    [InlineData("a/..", "Failed to validate update weights request JSON: Invalid role 'a/..': Role 'a/..' cannot include '..' as a component")]
    [InlineData(".", "Failed to validate update weights request JSON: Invalid role '.': Role '.' cannot include '.' as a component")]
    [InlineData("a/*", "Failed to validate update weights request JSON: Invalid role 'a/*': Role 'a/*' cannot include '*' as a component")]
    [InlineData("-web", "Failed to validate update weights request JSON: Invalid role '-web': Role component '-web' is invalid because it starts with a dash")]
    [InlineData("my role", "Failed to validate update weights request JSON: Invalid role 'my role': Role component 'my role' is invalid because it contains backspace or whitespace")]
    public void Validate_InvalidRole_GivesMesosMessage(string role, string error) =>
        Assert.Equal(error, WeightsValidator.Validate([new("ok", 1), new(role, 1)]).Error);

    [Theory]
    [InlineData(0, "0")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(-1234567, "-1.23457e+06")]
    public void Validate_WeightNotPositive_GivesMesosMessage(double weight, string shown) =>
        Assert.Equal(
            $"Failed to validate update weights request JSON for role 'web': Invalid weight '{shown}': Weights must be positive",
            WeightsValidator.Validate([new("web", weight)]).Error);

    [Fact]
    public void Validate_InfiniteWeight_IsRefused() =>
        Assert.Equal(
            "Failed to validate update weights request JSON for role 'web': Invalid weight 'inf': Weights must be finite",
            WeightsValidator.Validate([new("web", double.PositiveInfinity)]).Error);

    [Fact]
    public void Validate_ValidEntries_RolesTrimmed()
    {
        var result = WeightsValidator.Validate([new(" web\t", 2), new("*", 0.5), new("team/web", 3)]);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal([new WeightInfo("web", 2), new WeightInfo("*", 0.5), new WeightInfo("team/web", 3)], result.Value);
    }
}
