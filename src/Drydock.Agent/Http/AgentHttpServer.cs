using System.Net;
using Drydock.Agent.Checkpoint;
using Drydock.Agent.Files;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Http;

/// <summary>
/// The agent's own HTTP API on <c>--ip</c>:<c>--port</c> (5051 by default), the address its pid
/// <c>slave(1)@ip:port</c> advertises. It leaves signals to the agent: stopping it is the agent's call.
/// </summary>
internal sealed class AgentHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AgentHttpServer(WebApplication app) => _app = app;

    /// <summary>Binds and starts serving; throws <see cref="AgentBindException"/> when the address cannot be bound.</summary>
    public static async Task<AgentHttpServer> StartAsync(AgentView view, AgentPaths paths, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(view.Options.Ip), view.Options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });

        var app = builder.Build();
        var endpoints = new AgentEndpoints(view, new AgentStateReader(paths), new SandboxFiles(new SandboxPaths(paths.WorkDir)));
        app.Run(endpoints.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new AgentBindException($"Failed to bind on {view.Options.Ip}:{view.Options.Port}: {e.InnerException?.Message ?? e.Message} (another agent or process holds the port; choose another with --port)", e);
        }

        return new AgentHttpServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }

    /// <summary>The host's lifetime inside the agent: no console or systemd hooks of its own.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The web host's warnings and errors go to the agent's log.</summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
