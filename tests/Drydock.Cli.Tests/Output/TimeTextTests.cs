using Drydock.Cli.Output;

namespace Drydock.Cli.Tests.Output;

public sealed class TimeTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("now", "2026-11-24T12:00:00Z")]
    [InlineData("NOW", "2026-11-24T12:00:00Z")]
    [InlineData("+60s", "2026-11-24T12:01:00Z")]
    [InlineData("+1h30m", "2026-11-24T13:30:00Z")]
    [InlineData("2026-12-01T02:00:00Z", "2026-12-01T02:00:00Z")]
    [InlineData("2026-12-01T02:00:00+01:00", "2026-12-01T01:00:00Z")]
    [InlineData("2026-12-01T02:00:00", "2026-12-01T02:00:00Z")]
    public void ParseStart_Forms_GiveInstant(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimeText.ParseStart(text, Now));

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("1w", 604800)]
    [InlineData("1.5h", 5400)]
    [InlineData("PT1H", 3600)]
    [InlineData("500ms", 0.5)]
    public void ParseDuration_Forms_GiveSeconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TimeText.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("1x")]
    [InlineData("h")]
    [InlineData("1h 30m")]
    [InlineData("-1h")]
    [InlineData("Pnonsense")]
    public void ParseDuration_Garbage_IsFormatError(string text) =>
        Assert.Throws<FormatException>(() => TimeText.ParseDuration(text));

    [Fact]
    public void ParseStart_Garbage_IsFormatError() =>
        Assert.Throws<FormatException>(() => TimeText.ParseStart("tomorrow-ish", Now));

    [Theory]
    [InlineData(5400, "1h 30m")]
    [InlineData(45, "45s")]
    [InlineData(187200, "2d 4h")]
    [InlineData(0.25, "250ms")]
    public void FormatDuration_Spans_AreReadable(double seconds, string expected) =>
        Assert.Equal(expected, TimeText.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void FormatInstant_FutureAndPast_SayWhichWay()
    {
        Assert.Equal("2026-11-24T13:00:00Z (in 1h)", TimeText.FormatInstant(Now.AddHours(1), Now));
        Assert.Equal("2026-11-24T11:55:00Z (5m ago)", TimeText.FormatInstant(Now.AddMinutes(-5), Now));
        Assert.Equal("2026-11-24T12:00:00Z (now)", TimeText.FormatInstant(Now, Now));
    }
}
