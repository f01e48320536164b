using System.Text.Json;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Protocol.Tests.Scheduler;

public sealed class OfferEventJsonTests
{
    private static OfferMessage Offer() => new("o1", "f1", "a1", "h1", "10.0.0.1", 5051, [new Resource("cpus", Value.OfScalar(2))], [], "*", null);

    [Fact]
    public void Offers_WithDomain_WritesFaultDomain()
    {
        var json = OfferEventJson.Offers([Offer() with { Domain = new FaultDomain("eu-west", "eu-west-1a") }]);
        using var document = JsonDocument.Parse(json);
        var domain = document.RootElement.GetProperty("offers").GetProperty("offers")[0].GetProperty("domain").GetProperty("fault_domain");
        Assert.Equal("eu-west", domain.GetProperty("region").GetProperty("name").GetString());
        Assert.Equal("eu-west-1a", domain.GetProperty("zone").GetProperty("name").GetString());
    }

    [Fact]
    public void Offers_WithoutDomain_LeavesItOut()
    {
        using var document = JsonDocument.Parse(OfferEventJson.Offers([Offer()]));
        Assert.False(document.RootElement.GetProperty("offers").GetProperty("offers")[0].TryGetProperty("domain", out _));
    }
}
