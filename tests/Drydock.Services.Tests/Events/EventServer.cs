using System.Net;
using Drydock.Services.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Services.Tests.Events;

/// <summary>A real Kestrel on a free loopback port serving only <c>/v2/events</c>, with a fake clock.</summary>
internal sealed class EventServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EventServer(WebApplication app, FakeTimeProvider time)
    {
        _app = app;
        Time = time;
        Bus = app.Services.GetRequiredService<MarathonEventBus>();
    }

    public FakeTimeProvider Time { get; }

    public MarathonEventBus Bus { get; }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public static async Task<EventServer> StartAsync(int maxOutstandingMessages = MarathonEventBus.DefaultMaxOutstandingMessages)
    {
        var time = new FakeTimeProvider(SampleEvents.At);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddMarathonEvents(maxOutstandingMessages);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var app = builder.Build();
        app.MapEvents();
        var server = new EventServer(app, time);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    public Task StopAsync() => _app.StopAsync();

    /// <summary>Waits, with a deadline, until the bus has <paramref name="count"/> subscribers.</summary>
    public async Task WaitForSubscribersAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Bus.SubscriberCount != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the bus has {Bus.SubscriberCount} subscribers, not {count}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
