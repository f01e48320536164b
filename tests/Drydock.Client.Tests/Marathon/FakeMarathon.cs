using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drydock.Client.Tests.Marathon;

/// <summary>
/// A stand-in for a <c>/v2</c> server: Kestrel on a free loopback port, recording every request and answering each with
/// what the test's function says. Stop it by disposing.
/// </summary>
internal sealed class FakeMarathon : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeMarathon(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url { get; }

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<FakeRequest> Received => [.. Requests];

    public static async Task<FakeMarathon> StartAsync(Func<FakeRequest, FakeReply> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeMarathon? fake = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            var request = new FakeRequest(context.Request.Method, target, body, context.Request.ContentType);
            fake!.Requests.Enqueue(request);
            var reply = answer(request);
            context.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (reply.ContentType.Length > 0)
            {
                context.Response.ContentType = reply.ContentType;
                await context.Response.WriteAsync(reply.Body, context.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeMarathon(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        return fake;
    }

    /// <summary>A server that answers every request with the same reply.</summary>
    public static Task<FakeMarathon> StartAsync(FakeReply reply) => StartAsync(_ => reply);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
