using Drydock.Protocol.Resources;
using ValueType = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Protocol.Tests.Resources;

public sealed class ValueParserTests
{
    [Theory]
    [InlineData("10", ValueType.SCALAR, "10")]
    [InlineData(" 2.5 ", ValueType.SCALAR, "2.5")]
    [InlineData("0.12345", ValueType.SCALAR, "0.123")]
    [InlineData("[1000-1500]", ValueType.RANGES, "[1000-1500]")]
    [InlineData("[ 31000 - 32000 , 1-5 ]", ValueType.RANGES, "[1-5, 31000-32000]")]
    [InlineData("[1-5,6-10,20-30,25-40]", ValueType.RANGES, "[1-10, 20-40]")]
    [InlineData("{a,b,c}", ValueType.SET, "{a, b, c}")]
    [InlineData("abc", ValueType.TEXT, "abc")]
    [InlineData("-5", ValueType.TEXT, "-5")]
    [InlineData("inf", ValueType.TEXT, "inf")]
    [InlineData("1e400", ValueType.TEXT, "1e400")]
    [InlineData("ubuntu 22.04", ValueType.TEXT, "ubuntu22.04")]
    public void Parse_Values_ClassifiedAsMesos(string text, ValueType type, string formatted)
    {
        var value = ValueParser.Parse(text);

        Assert.True(value.Succeeded, value.Error);
        Assert.Equal(type, value.Value.Type);
        Assert.Equal(formatted, value.Value.Format());
    }

    [Theory]
    [InlineData("[1-5")]
    [InlineData("{a,b")]
    [InlineData("[a-b]")]
    [InlineData("[5-1]")]
    [InlineData("[1-2-3]")]
    [InlineData("]1-2[")]
    public void Parse_Malformed_IsAnErrorNamingText(string text)
    {
        var value = ValueParser.Parse(text);

        Assert.False(value.Succeeded);
    }
}
