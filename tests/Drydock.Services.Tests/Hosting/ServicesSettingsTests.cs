using Drydock.Services.Hosting;

namespace Drydock.Services.Tests.Hosting;

public sealed class ServicesSettingsTests
{
    [Fact]
    public void Defaults_AreMarathons()
    {
        var settings = new ServicesSettings();
        Assert.Equal(8080, settings.Port);
        Assert.Equal("marathon", settings.FrameworkName);
        Assert.Equal("*", settings.Role);
        Assert.Equal(TimeSpan.FromSeconds(604_800), settings.FailoverTimeout);
        Assert.Equal(4096, settings.EventStreamMaxOutstandingMessages);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_EventBacklogBelowOne_NamesTheFlag(int backlog)
    {
        var errors = new ServicesSettings { EventStreamMaxOutstandingMessages = backlog }.Validate().ToList();

        Assert.Equal([$"--event-stream-max-outstanding-messages {backlog} must be at least 1"], errors);
    }
}
