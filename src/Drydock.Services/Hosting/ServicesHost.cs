using System.Net;
using Drydock.Platform;
using Drydock.Services.Api;
using Drydock.Services.Events;
using Drydock.Services.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Services.Hosting;

/// <summary>
/// Composes one <c>drydock services</c> process: its settings, the durable store, the rooms and the <c>/v2</c> API.
/// Start-up runs in named stages (lock the work dir, recover the store, bind, subscribe) and shutdown closes the store last.
/// </summary>
public sealed partial class ServicesHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServicesIdentity _identity;
    private readonly ILogger<ServicesHost> _logger;
    private readonly WorkDirLock _lock;
    private readonly SqliteServicesStore _store;

    private ServicesHost(WebApplication app, WorkDirLock workDirLock)
    {
        _app = app;
        _store = app.Services.GetRequiredService<SqliteServicesStore>();
        _lock = workDirLock;
        _identity = app.Services.GetRequiredService<ServicesIdentity>();
        _logger = app.Services.GetRequiredService<ILogger<ServicesHost>>();
    }

    /// <summary>The scheduler's URL, with the bound port once <see cref="StartAsync"/> has returned.</summary>
    public string Url => _identity.Url;

    /// <summary>Cancelled when the scheduler begins to stop.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    internal IServiceProvider Services => _app.Services;

    /// <summary>Whether the scheduler stopped because the master refused the framework for good (the process exits non-zero).</summary>
    public bool Failed => _app.Services.GetRequiredService<Scheduler.ServiceScheduler>().Failed;

    /// <summary>
    /// Builds a scheduler from its settings and locks its work dir for its life; throws <see cref="ArgumentException"/>
    /// listing every invalid setting, <see cref="WorkDirInUseException"/> when another process holds the work dir.
    /// </summary>
    public static ServicesHost Create(ServicesSettings settings, Action<ILoggingBuilder>? configureLogging = null)
    {
        var errors = settings.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }

        var paths = new ServicesPaths(settings.WorkDir);
        paths.EnsureCreated();
        var workDirLock = WorkDirLock.Acquire(paths.WorkDir);
        try
        {
            return new ServicesHost(Build(settings, paths, configureLogging), workDirLock);
        }
        catch
        {
            workDirLock.Dispose();
            throw;
        }
    }

    private static WebApplication Build(ServicesSettings settings, ServicesPaths paths, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = paths.WorkDir,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(ServicesSettings.ParseLogLevel(settings.LogLevel) ?? LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        if (configureLogging is null)
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            configureLogging(builder.Logging);
        }

        builder.Host.UseSystemd();
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(settings.Ip), settings.Port);
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServicesIdentity>();
        builder.Services.AddSingleton(new SqliteServicesStore(paths.Database));
        builder.Services.AddMarathonEvents(settings.EventStreamMaxOutstandingMessages);
        builder.Services.AddSingleton<Scheduler.ServiceScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Scheduler.ServiceScheduler>());

        var app = builder.Build();
        app.UseMiddleware<MarathonErrorMiddleware>();
        app.UseMiddleware<MarathonHeadersMiddleware>();
        app.UseRouting();
        app.MapApps();
        app.MapTasks();
        app.MapDeployments();
        app.MapMaintenance();
        app.MapSystem();
        app.MapEvents();
        return app;
    }

    /// <summary>Recovers the durable state, then starts serving and subscribing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        LogStage("recover store");
        var stored = await _store.RecoverAsync(cancellationToken);
        _identity.FrameworkId = stored.FrameworkId;
        _app.Services.GetRequiredService<Scheduler.ServiceScheduler>().Recover(stored);

        LogStage("bind");
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        _identity.MarkBound(address is not null && Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port : _identity.Port);

        var master = _app.Services.GetRequiredService<ServicesSettings>().Master;
        LogStarted(_identity.Url, master);
    }

    /// <summary>Runs until the host is asked to stop (SIGTERM, SIGINT, or <paramref name="cancellationToken"/>).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => await _app.WaitForShutdownAsync(cancellationToken);

    public async Task StopAsync()
    {
        LogStage("stop");
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        // Registered as an instance, so the container leaves it open: it closes after the last request has ended.
        await _store.DisposeAsync();
        _lock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Service scheduler start-up stage: {Stage}")]
    private partial void LogStage(string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service scheduler listening on {Url}, master {Master}")]
    private partial void LogStarted(string url, string master);
}
