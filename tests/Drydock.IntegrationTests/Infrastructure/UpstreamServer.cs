using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A small HTTP server on a free loopback port, standing in for a framework's web UI behind <c>/service/name/</c>:
/// <c>/events</c> is an event stream whose second event waits for <see cref="ReleaseSecondEvent"/>;
/// <c>/moved</c> answers 307 with a relative <c>Location</c>; anything else echoes the request as JSON, with an
/// <c>X-Marathon-Leader</c> header naming this server.
/// </summary>
internal sealed class UpstreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private UpstreamServer(WebApplication app, string tag)
    {
        _app = app;
        Tag = tag;
    }

    /// <summary>Echoed in every answer, so a test can tell two servers apart.</summary>
    public string Tag { get; }

    public Uri Url { get; private set; } = null!;

    public static async Task<UpstreamServer> StartAsync(string tag)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new UpstreamServer(app, tag);
        app.Map("/events", server.EventsAsync);
        app.Map("/moved", context =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = "/v2/apps?moved=1";
            return Task.CompletedTask;
        });
        app.Map("/{**path}", server.EchoAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Lets <c>/events</c> write its second event and end.</summary>
    public void ReleaseSecondEvent() => _second.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _second.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task EventsAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync("event: first\ndata: {\"n\":1}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await _second.Task.WaitAsync(TimeSpan.FromSeconds(60), context.RequestAborted);
        await context.Response.WriteAsync("event: second\ndata: {\"n\":2}\n\n", context.RequestAborted);
    }

    private async Task EchoAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var echo = new Dictionary<string, string?>
        {
            ["tag"] = Tag,
            ["method"] = context.Request.Method,
            ["path"] = context.Request.Path.Value,
            ["query"] = context.Request.QueryString.Value,
            ["body"] = body,
            ["content_type"] = context.Request.ContentType,
            ["host"] = context.Request.Host.Value,
            ["x_forwarded_for"] = context.Request.Headers["X-Forwarded-For"].ToString(),
            ["x_forwarded_proto"] = context.Request.Headers["X-Forwarded-Proto"].ToString(),
            ["x_forwarded_host"] = context.Request.Headers["X-Forwarded-Host"].ToString(),
            ["x_forwarded_prefix"] = context.Request.Headers["X-Forwarded-Prefix"].ToString(),
        };
        context.Response.Headers["X-Marathon-Leader"] = "http://leader.example:8080";
        context.Response.StatusCode = context.Request.Method == HttpMethods.Post ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(echo), context.RequestAborted);
    }
}
