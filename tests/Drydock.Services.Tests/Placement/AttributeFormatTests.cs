using Drydock.Protocol.Resources;
using Drydock.Services.Placement;

namespace Drydock.Services.Tests.Placement;

public sealed class AttributeFormatTests
{
    [Theory]
    [InlineData(2.0, "2")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.25, "1.25")]
    [InlineData(1.0005, "1")]
    [InlineData(1.0015, "1.002")]
    [InlineData(1.0025, "1.002")]
    [InlineData(1.00051, "1.001")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(0.0001, "0")]
    [InlineData(1234567.0, "1234567")]
    public void Scalar_RoundsHalfEvenToThreeDecimals(double value, string expected) =>
        Assert.Equal(expected, AttributeFormat.Format(new Value(Protocol.Resources.ValueType.SCALAR) { Scalar = value }));

    [Fact]
    public void Ranges_SortedByStartWithoutSpaces() =>
        Assert.Equal("[1-2,5-9]", AttributeFormat.Format(new Value(Protocol.Resources.ValueType.RANGES) { Ranges = [new ValueRange(5, 9), new ValueRange(1, 2)] }));

    [Fact]
    public void Set_SortedOrdinallyWithoutSpaces() =>
        Assert.Equal("{B,a,b}", AttributeFormat.Format(Value.OfSet(["b", "a", "B"])));

    [Fact]
    public void Text_AsItIs() => Assert.Equal("rack 1", AttributeFormat.Format(Value.OfText("rack 1")));

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("2.50", "2.5")]
    [InlineData("1.0005", "1")]
    [InlineData("1.0015", "1.002")]
    [InlineData("7", "7")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("rack-1", "rack-1")]
    [InlineData(".5", ".5")]
    [InlineData("", "")]
    public void ConstraintValue_PlainNumbersAsScalarsElseText(string value, string expected) =>
        Assert.Equal(expected, AttributeFormat.ConstraintValue(value));

    [Fact]
    public void Of_FirstOfEachNameWins()
    {
        var formatted = AttributeFormat.Of([new Protocol.Resources.Attribute("rack", Value.OfText("r1")), new Protocol.Resources.Attribute("rack", Value.OfText("r2")), new Protocol.Resources.Attribute("cores", Value.OfScalar(8))]);
        Assert.Equal("r1", formatted["rack"]);
        Assert.Equal("8", formatted["cores"]);
    }
}
