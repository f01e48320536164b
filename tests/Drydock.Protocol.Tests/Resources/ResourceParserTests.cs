using Drydock.Protocol.Resources;
using ValueType = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Protocol.Tests.Resources;

public sealed class ResourceParserTests
{
    [Fact]
    public void Parse_MesosExample_GivesResourcesAndReservations()
    {
        var parsed = ResourceParser.Parse("cpus:24;gpus:2;mem:24576;disk:409600;ports:[21000-24000,30000-34000];bugs(debug_role):{a,b,c}");

        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Equal(6, parsed.Value.Count);
        var bugs = parsed.Value.Single(r => r.Name == "bugs");
        Assert.Equal("debug_role", bugs.Role);
        Assert.Equal(ValueType.SET, bugs.Value.Type);
        var flat = StateFormat.Resources(parsed.Value);
        Assert.Equal(24.0, flat["cpus"]);
        Assert.Equal("[21000-24000, 30000-34000]", flat["ports"]);
        Assert.Equal("{a, b, c}", flat["bugs"]);
    }

    [Fact]
    public void Parse_Json_ReadsTypesAndDefaultRole()
    {
        var parsed = ResourceParser.Parse(
            """[{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000}]},"role":"*"},{"name":"cpus","type":"SCALAR","scalar":{"value":4}},{"name":"bugs","type":"SET","set":{"item":["a","b"]}}]""",
            defaultRole: "slave_public");

        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Equal("*", parsed.Value[0].Role);
        Assert.Equal("slave_public", parsed.Value[1].Role);
        Assert.Equal(4, parsed.Value[1].Value.Scalar);
        Assert.Equal(["a", "b"], parsed.Value[2].Value.Set);
    }

    [Fact]
    public void Parse_DefaultRole_AppliesToUnreservedText()
    {
        var parsed = ResourceParser.Parse("cpus:2;mem(web):512", defaultRole: "slave_public");

        Assert.Equal(["slave_public", "web"], parsed.Value!.Select(r => r.Role));
    }

    [Fact]
    public void StateFormat_Empty_HasTheFourScalars()
    {
        var flat = StateFormat.Resources([]);

        Assert.Equal(["cpus", "disk", "gpus", "mem"], flat.Keys);
    }

    [Theory]
    [InlineData("cpus:abc", "'cpus:abc'")]
    [InlineData("cpus", "'cpus'")]
    [InlineData("cpus:1:2", "'cpus:1:2'")]
    [InlineData(":4", "':4'")]
    [InlineData("cpus():4", "'cpus():4'")]
    [InlineData("cpus:-1", "'cpus:-1'")]
    [InlineData("ports:[1-2;ports:5", "ports")]
    [InlineData("x:4;x:[1-2]", "'x'")]
    [InlineData("""[{"name":"cpus"}]""", "Missing required fields: type")]
    public void Parse_BadToken_NamesIt(string text, string token)
    {
        var parsed = ResourceParser.Parse(text);

        Assert.False(parsed.Succeeded);
        Assert.Contains(token, parsed.Error, StringComparison.Ordinal);
    }
}
