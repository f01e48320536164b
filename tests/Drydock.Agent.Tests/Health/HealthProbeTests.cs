using System.Net;
using System.Net.Sockets;
using Drydock.Agent.Health;
using Drydock.Agent.Tests.Fetch;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drydock.Agent.Tests.Health;

/// <summary>The COMMAND, HTTP and TCP probes against real processes and loopback sockets.</summary>
public sealed class HealthProbeTests : IAsyncDisposable
{
    private readonly DirectoryInfo _sandbox = Directory.CreateTempSubdirectory("drydock-probe-");
    private readonly TaskHealthChecks _checks = new(TimeProvider.System, "127.0.0.1", NullLoggerFactory.Instance);
    private readonly LoopbackFileServer _server = new();

    public async ValueTask DisposeAsync()
    {
        _checks.Dispose();
        await _server.DisposeAsync();
        _sandbox.Delete(recursive: true);
    }

    private Task<string?> CheckAsync(HealthCheckInfo check, IReadOnlyDictionary<string, string>? environment = null) =>
        _checks.CreateProbe(check, _sandbox.FullName, environment ?? new Dictionary<string, string>()).CheckAsync(TestContext.Current.CancellationToken);

    private static HealthCheckInfo Command(string line) => new() { Type = "COMMAND", HasCommand = true, Command = line, Environment = new Dictionary<string, string> { ["CHECK_VAR"] = "check" } };

    [Fact]
    public async Task CheckAsync_CommandInSandboxWithTaskAndCheckEnvironment_Passes()
    {
        await File.WriteAllTextAsync(Path.Combine(_sandbox.FullName, "ready"), "y", TestContext.Current.CancellationToken);

        var failure = await CheckAsync(Command("test -f ready && [ \"$TASK_VAR\" = task ] && [ \"$CHECK_VAR\" = check ]"), new Dictionary<string, string> { ["TASK_VAR"] = "task" });

        Assert.Null(failure);
    }

    [Fact]
    public async Task CheckAsync_CommandExitsNonZero_FailsWithStatus()
    {
        Assert.Equal("Command returned exit status 3", await CheckAsync(Command("exit 3")));
    }

    [Fact]
    public async Task CheckAsync_CommandCancelled_KilledAndThrows()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var probe = _checks.CreateProbe(Command("sleep 30"), _sandbox.FullName, new Dictionary<string, string>());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.CheckAsync(cancel.Token));
    }

    [Fact]
    public async Task CheckAsync_HttpOk_PassesAndNotFoundFails()
    {
        _server.Serve("/health", "ok"u8.ToArray());
        var port = _server.Url("/").Port;
        var check = new HealthCheckInfo { Type = "HTTP", HasHttp = true, Port = port, Path = "/health" };

        Assert.Null(await CheckAsync(check));
        Assert.Equal("Unexpected HTTP response code: 404 Not Found", await CheckAsync(check with { Path = "/nothing" }));
    }

    [Fact]
    public async Task CheckAsync_TcpListeningAndClosedPort_PassesThenFails()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var check = new HealthCheckInfo { Type = "TCP", HasTcp = true, Port = port };

        Assert.Null(await CheckAsync(check));
        listener.Stop();

        Assert.StartsWith($"Failed to establish a TCP connection to 127.0.0.1:{port}", await CheckAsync(check), StringComparison.Ordinal);
    }
}
