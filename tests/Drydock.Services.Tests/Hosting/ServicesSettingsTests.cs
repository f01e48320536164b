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
    }
}
