using Drydock.Master.Api;
using Microsoft.AspNetCore.Http;

namespace Drydock.Master.Tests.Api;

public sealed class ContentNegotiationTests
{
    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "" }, true)]
    [InlineData(new[] { "*/*" }, true)]
    [InlineData(new[] { "application/json" }, true)]
    [InlineData(new[] { "application/json", "application/json" }, true)]
    [InlineData(new[] { "text/html, application/json;q=0.5" }, true)]
    [InlineData(new[] { "application/*" }, true)]
    [InlineData(new[] { "text/html" }, false)]
    [InlineData(new[] { "application/x-protobuf" }, false)]
    [InlineData(new[] { "application/json;q=0" }, false)]
    public void AcceptsJson_Headers_AsWireRule5(string[] accept, bool expected)
    {
        var context = new DefaultHttpContext();
        if (accept.Length > 0)
        {
            context.Request.Headers.Accept = accept;
        }

        Assert.Equal(expected, ContentNegotiation.AcceptsJson(context.Request));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("application/json", "application/json")]
    [InlineData("Application/JSON; charset=utf-8", "application/json")]
    [InlineData("application/x-www-form-urlencoded", "application/x-www-form-urlencoded")]
    public void MediaType_Parameters_AreDropped(string? contentType, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;

        Assert.Equal(expected, ContentNegotiation.MediaType(context.Request));
    }
}
