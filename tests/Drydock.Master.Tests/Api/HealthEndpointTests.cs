using System.Diagnostics.Metrics;
using Drydock.Master.Api;
using Drydock.Master.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Master.Tests.Api;

/// <summary><c>/health</c> served from the endpoint's own route, with a real <see cref="LoopHealth"/>.</summary>
public sealed class HealthEndpointTests : IDisposable
{
    private readonly ServiceProvider _services;

    public HealthEndpointTests()
    {
        var services = new ServiceCollection().AddMetrics().AddRouting().AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new System.Diagnostics.DiagnosticListener("Drydock.Master.Tests"));
        services.AddSingleton(s => new MasterMetrics(s.GetRequiredService<IMeterFactory>()));
        services.AddSingleton<LoopHealth>();
        _services = services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Health_EveryLoopHealthy_200WithEmptyBody()
    {
        var (status, contentType, body) = await GetAsync("/health");

        Assert.Equal((200, null, string.Empty), (status, contentType, body));
    }

    [Fact]
    public async Task Health_LoopFailing_503NamingTheLoopAndError()
    {
        _services.GetRequiredService<LoopHealth>().Failed("allocation", new ArgumentException("infinity cannot be written"));

        var (status, contentType, body) = await GetAsync("/master/health");

        Assert.Equal((503, "text/plain; charset=utf-8"), (status, contentType));
        Assert.StartsWith("allocation failing since ", body, StringComparison.Ordinal);
        Assert.EndsWith("ArgumentException: infinity cannot be written\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_FailingLoopSucceedsAgain_200Again()
    {
        var health = _services.GetRequiredService<LoopHealth>();
        health.Failed("drain", new IOException("disk"));
        health.Succeeded("drain");

        var (status, _, body) = await GetAsync("/health");

        Assert.Equal((200, string.Empty), (status, body));
    }

    private async Task<(int Status, string? ContentType, string Body)> GetAsync(string path)
    {
        var app = new ApplicationBuilder(_services);
        app.UseRouting();
        app.UseEndpoints(routes => routes.MapHealth());
        var pipeline = app.Build();
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "GET";
        context.Request.Path = path;
        using var body = new MemoryStream();
        context.Response.Body = body;

        await pipeline(context);

        return (context.Response.StatusCode, context.Response.ContentType, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
