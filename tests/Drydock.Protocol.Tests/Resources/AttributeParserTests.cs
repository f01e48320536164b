using Drydock.Protocol.Resources;
using ValueType = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Protocol.Tests.Resources;

public sealed class AttributeParserTests
{
    [Fact]
    public void Parse_MesosExample_GivesTypedAttributes()
    {
        var parsed = AttributeParser.Parse("rack:abc;zone:west;level:10;keys:[1000-1500]");

        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Equal(["rack", "zone", "level", "keys"], parsed.Value.Select(a => a.Name));
        Assert.Equal([ValueType.TEXT, ValueType.TEXT, ValueType.SCALAR, ValueType.RANGES], parsed.Value.Select(a => a.Value.Type));
        var flat = StateFormat.Attributes(parsed.Value);
        Assert.Equal(10.0, flat["level"]);
        Assert.Equal("[1000-1500]", flat["keys"]);
        Assert.Equal("abc", flat["rack"]);
    }

    [Fact]
    public void Parse_NewlinesAndFirstColon_SplitAsMesos()
    {
        var parsed = AttributeParser.Parse("url:http://x\nos:linux\n");

        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Equal("http://x", parsed.Value[0].Value.Text);
        Assert.Equal("linux", parsed.Value[1].Value.Text);
    }

    [Theory]
    [InlineData("rack", "'rack'")]
    [InlineData("rack:", "'rack:'")]
    [InlineData(":abc", "':abc'")]
    [InlineData("rack:abc;tags:{a,b}", "'tags:{a,b}'")]
    [InlineData("ports:[1-", "'ports:[1-'")]
    public void Parse_BadToken_NamesIt(string text, string token)
    {
        var parsed = AttributeParser.Parse(text);

        Assert.False(parsed.Succeeded);
        Assert.Contains(token, parsed.Error, StringComparison.Ordinal);
    }
}
