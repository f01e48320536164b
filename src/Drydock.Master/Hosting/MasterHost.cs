using System.Net;
using Drydock.Master.Api;
using Drydock.Master.Drain;
using Drydock.Master.Frameworks;
using Drydock.Master.Maintenance;
using Drydock.Master.Metrics;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Master.ServiceProxy;
using Drydock.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Drydock.Master.Hosting;

/// <summary>
/// Composes a master: options, the durable store, the rooms and the HTTP API. Start-up runs in named stages
/// (open the registry, recover, bind) and shutdown closes the store last.
/// </summary>
public sealed partial class MasterHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MasterIdentity _identity;
    private readonly ILogger<MasterHost> _logger;
    private readonly WorkDirLock _lock;

    private MasterHost(WebApplication app, WorkDirLock workDirLock)
    {
        _app = app;
        _lock = workDirLock;
        _identity = app.Services.GetRequiredService<MasterIdentity>();
        _logger = app.Services.GetRequiredService<ILogger<MasterHost>>();
    }

    /// <summary>The master's URL, with the bound port once <see cref="StartAsync"/> has returned.</summary>
    public string Url => _identity.Url;

    /// <summary>Cancelled when the master begins to stop (a signal, or <see cref="StopAsync"/>).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>This run's master id.</summary>
    public string Id => _identity.Id;

    /// <summary>The master's services, for benchmarks that fill its books in process.</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>
    /// Builds a master from its flags and locks its work dir for its life; throws <see cref="ArgumentException"/> listing
    /// every invalid flag, <see cref="WorkDirInUseException"/> when another process holds the work dir.
    /// </summary>
    public static MasterHost Create(MasterSettings settings, Action<ILoggingBuilder>? configureLogging = null)
    {
        var scheduler = new SchedulerOptions
        {
            HeartbeatInterval = settings.HeartbeatInterval,
            AllocationInterval = settings.AllocationInterval,
            OfferTimeout = settings.OfferTimeout,
            Weights = settings.Weights,
            MaxCompletedFrameworks = settings.MaxCompletedFrameworks,
            MaxCompletedTasksPerFramework = settings.MaxCompletedTasksPerFramework,
        };
        var registry = new RegistryOptions
        {
            AgentPingTimeout = settings.AgentPingTimeout,
            MaxAgentPingTimeouts = settings.MaxAgentPingTimeouts,
            AgentReregisterTimeout = settings.AgentReregisterTimeout,
            AgentRemovalRateLimit = settings.AgentRemovalRateLimit,
            AgentRegistrationTimeout = settings.AgentRegistrationTimeout,
            MaxUnregisteredAgentChannels = settings.MaxUnregisteredAgentChannels,
        };
        var options = new MasterOptions
        {
            Ip = settings.Ip,
            Port = settings.Port,
            Hostname = settings.Hostname,
            WorkDir = settings.WorkDir,
            LogLevel = settings.LogLevel,
            MaxRequestBodyBytes = settings.MaxRequestBodyBytes,
            Scheduler = scheduler,
            Registry = registry,
        };
        var errors = options.Validate().ToList();
        if (settings.MaxCompletedFrameworks < 0)
        {
            errors.Add("--max-completed-frameworks must not be negative");
        }

        if (settings.MaxCompletedTasksPerFramework < 0)
        {
            errors.Add("--max-completed-tasks-per-framework must not be negative");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }

        var paths = new MasterPaths(options.WorkDir);
        paths.EnsureCreated();
        var workDirLock = WorkDirLock.Acquire(paths.WorkDir);
        try
        {
            return new MasterHost(Build(options, settings, paths, configureLogging), workDirLock);
        }
        catch
        {
            workDirLock.Dispose();
            throw;
        }
    }

    private static WebApplication Build(MasterOptions options, MasterSettings settings, MasterPaths paths, Action<ILoggingBuilder>? configureLogging)
    {
        // The master reads no appsettings files, so nothing needs watching for changes: without this the host would keep
        // a file watcher on the work dir.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = paths.WorkDir,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevels.Parse(options.LogLevel)!.Value);
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

        // Every loop catches its own failed cycles (logged, counted, reported to LoopHealth and /health) and goes on. A
        // bug that still escapes one ends that loop only: it is logged by the host and the master keeps serving, rather
        // than stopping the host and disconnecting every agent and framework (the default, StopHost).
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.Ip), options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<MasterMetrics>();
        builder.Services.AddSingleton<LoopHealth>();
        builder.Services.AddSingleton<MetricsSnapshot>();
        builder.Services.AddSingleton<RoomMetrics>();
        builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("drydock-master")).WithMetrics(metrics => metrics.AddMeter(MasterMetrics.MeterName).AddPrometheusExporter());
        builder.Services.AddSingleton<MasterIdentity>();
        builder.Services.AddSingleton<IMasterStore>(new SqliteMasterStore(paths.RegistryDatabase));
        builder.Services.AddSingleton<Registrar>();
        builder.Services.AddSingleton<InverseOfferAnswers>();
        builder.Services.AddSingleton<MaintenanceService>();
        builder.Services.AddSingleton(options.Registry);
        builder.Services.AddSingleton<AgentRegistry>();
        builder.Services.AddSingleton<UnregisteredChannels>();
        builder.Services.AddSingleton<AgentChannelLog>();
        builder.Services.AddSingleton(options.Scheduler);
        builder.Services.AddSingleton<FrameworkRegistry>();
        builder.Services.AddSingleton<OfferBook>();
        builder.Services.AddSingleton(services => new TaskBook(services.GetRequiredService<SchedulerOptions>().MaxCompletedTasksPerFramework));
        builder.Services.AddSingleton<TaskService>();
        builder.Services.AddSingleton<FrameworkRemoval>();
        builder.Services.AddSingleton<AllocationService>();
        builder.Services.AddSingleton<OperatorEventStream>();
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<ServiceForwarder>();
        builder.Services.AddSingleton<DrainService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DrainService>());
        builder.Services.AddHostedService(services => services.GetRequiredService<AllocationService>());
        builder.Services.AddHostedService<AgentHealthService>();
        builder.Services.AddHostedService<FrameworkFailoverService>();

        var app = builder.Build();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseRouting();
        app.UseWebSockets();
        app.MapAgentChannel();
        app.MapMaintenance();
        app.MapState();
        app.MapOperatorApi();
        app.MapTeardown();
        app.MapRedirect();
        app.MapRoles();
        app.MapMetrics();
        app.MapSchedulerApi();
        app.MapServiceProxy();
        return app;
    }

    /// <summary>Recovers the durable state, then starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // The metrics listen from before anything can happen: the snapshot reader first, then the rooms' instruments.
        _app.Services.GetRequiredService<MetricsSnapshot>();
        _app.Services.GetRequiredService<RoomMetrics>();
        _app.Services.GetRequiredService<LoopHealth>();

        LogStage("recover registry");
        await _app.Services.GetRequiredService<Registrar>().RecoverAsync(cancellationToken);
        foreach (var (kind, id, error) in StoredIds.Invalid(_app.Services.GetRequiredService<Registrar>().Current))
        {
            // Kept as stored (an older build let it in): the master starts and lists it; the operator can remove it.
            LogInvalidStoredId(kind, id.Length > 300 ? id[..300] + "..." : id, error);
        }

        _app.Services.GetRequiredService<FrameworkRegistry>().Recover(_app.Services.GetRequiredService<Registrar>().Current.Frameworks.Values);

        var agents = _app.Services.GetRequiredService<AgentRegistry>();
        var taskService = _app.Services.GetRequiredService<TaskService>();
        agents.Removed += taskService.OnAgentRemoved;
        agents.Disconnected += taskService.OnAgentDisconnected;
        agents.MarkedUnreachable += taskService.OnAgentUnreachable;
        agents.Returned += taskService.OnAgentReturned;
        agents.MarkedGone += taskService.OnAgentGone;

        // A drain finishes when the agent holds no task the master knows: checked when a task leaves the books, when
        // the master declares one lost or gone, and when the agent (re-)registers.
        var drains = _app.Services.GetRequiredService<DrainService>();
        var taskBook = _app.Services.GetRequiredService<TaskBook>();
        taskBook.Forgotten += task => drains.Check(task.AgentId);
        taskBook.Changed += (task, _, _) =>
        {
            if (task.MasterVerdict)
            {
                drains.Check(task.AgentId);
            }
        };
        agents.Added += agent => drains.Check(agent.Id);
        _app.Services.GetRequiredService<Registrar>().Changed += _app.Services.GetRequiredService<AllocationService>().Wake;

        var operatorEvents = _app.Services.GetRequiredService<OperatorEventStream>();
        _app.Services.GetRequiredService<TaskBook>().Changed += operatorEvents.OnTask;
        _app.Services.GetRequiredService<FrameworkRegistry>().Changed += operatorEvents.OnFramework;
        agents.Added += agent => operatorEvents.OnAgentAdded(agent, agents.Admitted(agent.Id));
        agents.Updated += id =>
        {
            if (agents.Agents.TryGetValue(id, out var agent))
            {
                operatorEvents.OnAgentUpdated(agent, agents.Admitted(id));
            }
        };
        agents.Removed += (id, _, _) => operatorEvents.OnAgentRemoved(id);
        agents.MarkedGone += (id, _) => operatorEvents.OnAgentRemoved(id);
        agents.MarkedUnreachable += (id, _, _, _) => operatorEvents.OnAgentRemoved(id);

        LogStage("bind");
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is not null && Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            _identity.Port = uri.Port;
        }

        LogStarted(_identity.Id, _identity.Url);
    }

    /// <summary>Runs until the host is asked to stop (SIGTERM, SIGINT, or <paramref name="cancellationToken"/>).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default) =>
        await _app.WaitForShutdownAsync(cancellationToken);

    public async Task StopAsync()
    {
        LogStage("stop");
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _lock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Master start-up stage: {Stage}")]
    private partial void LogStage(string stage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The registry holds the {Kind} id '{Id}', which is not a valid Mesos id ({Error}); kept as it is")]
    private partial void LogInvalidStoredId(string kind, string id, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Master {Id} listening on {Url}")]
    private partial void LogStarted(string id, string url);
}
