using Drydock.Master.Hosting;

namespace Drydock.Master.Tests.Hosting;

public sealed class MesosDurationTests
{
    [Theory]
    [InlineData(15_000, "15secs")]
    [InlineData(600_000, "10mins")]
    [InlineData(200, "200ms")]
    [InlineData(1_500, "1500ms")]
    [InlineData(90_000, "90secs")]
    [InlineData(7_200_000, "2hrs")]
    [InlineData(0, "0ns")]
    public void Format_Duration_LargestWholeUnit(long milliseconds, string expected) =>
        Assert.Equal(expected, MesosDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("5secs", 5_000)]
    [InlineData("1.5mins", 90_000)]
    [InlineData("100ms", 100)]
    [InlineData("2hrs", 7_200_000)]
    [InlineData("1weeks", 604_800_000)]
    public void Parse_MesosDuration_Read(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), MesosDuration.Parse(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("secs")]
    [InlineData("-1secs")]
    [InlineData("5")]
    [InlineData("NaNsecs")]
    [InlineData("1e400secs")]
    [InlineData("99999999999999weeks")]
    public void Parse_NotADuration_Null(string text) => Assert.Null(MesosDuration.Parse(text));
}
