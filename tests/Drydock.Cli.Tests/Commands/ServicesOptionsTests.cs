using Drydock.Cli.Commands;

namespace Drydock.Cli.Tests.Commands;

public sealed class ServicesOptionsTests
{
    [Theory]
    [InlineData("http://s:8080", "http://env:8080", "http://m:5050", "http://s:8080", "--services")]
    [InlineData(null, "http://env:8080", "http://m:5050", "http://env:8080", "$DRYDOCK_SERVICES")]
    [InlineData("", "", "http://m:5050/", "http://m:5050/service/marathon", ServicesOptions.MasterSource)]
    [InlineData(null, null, "10.0.0.1:5050", "10.0.0.1:5050/service/marathon", ServicesOptions.MasterSource)]
    public void Resolve_FlagEnvironmentMaster_TakesTheFirstGiven(string? flag, string? environment, string master, string url, string source)
    {
        Assert.Equal(new ServicesEndpoint(url, source), ServicesOptions.Resolve(flag, environment, master));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    public void ParseTimeout_Duration_IsRead(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ServicesOptions.ParseTimeout(text));
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("soon")]
    [InlineData("")]
    public void ParseTimeout_NotAPositiveDuration_IsAUsageError(string text)
    {
        Assert.Contains("is not a positive duration", Assert.Throws<UsageException>(() => ServicesOptions.ParseTimeout(text)).Message, StringComparison.Ordinal);
    }
}
