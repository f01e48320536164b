using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Master_Starts_AnswersHealth()
    {
        await using var master = await MasterProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = master.Url };
        using var response = await http.GetAsync("health", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
