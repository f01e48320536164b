using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>The systemd units under deploy/systemd, checked by systemd itself, and the agent's readiness notice.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-units-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string UnitPath(string name) =>
        Path.Combine(Path.GetDirectoryName(DrydockBinary.Path)!, "..", "..", "..", "..", "..", "deploy", "systemd", name);

    [Theory]
    [InlineData("drydock-master.service")]
    [InlineData("drydock-agent.service")]
    [InlineData("drydock-agent-public.service")]
    [InlineData("drydock-services.service")]
    public async Task Verify_Unit_PassesSystemdAnalyze(string name)
    {
        // The units name the installed binary; point them at the one just built so that verify can check it.
        var apphost = Path.Combine(Path.GetDirectoryName(DrydockBinary.Path)!, "drydock");
        var unit = (await File.ReadAllTextAsync(UnitPath(name), TestContext.Current.CancellationToken)).Replace("/usr/local/bin/drydock", apphost, StringComparison.Ordinal);
        var path = Path.Combine(_dir.FullName, name);
        await File.WriteAllTextAsync(path, unit, TestContext.Current.CancellationToken);

        var info = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("verify");
        info.ArgumentList.Add(path);
        using var verify = Process.Start(info)!;
        var errors = await verify.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await verify.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(verify.ExitCode == 0 && errors.Trim().Length == 0, $"systemd-analyze verify {name}: {errors}");
    }

    [Theory]
    [InlineData("drydock-agent.service", null)]
    [InlineData("drydock-agent-public.service", "Environment=MESOS_DEFAULT_ROLE=slave_public")]
    public async Task AgentUnits_KeepTasksAcrossRestartAndReadDcosFiles(string name, string? extra)
    {
        var unit = await File.ReadAllTextAsync(UnitPath(name), TestContext.Current.CancellationToken);

        Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
        Assert.Contains("KillMode=process", unit, StringComparison.Ordinal);
        Assert.Contains("EnvironmentFile=-/var/lib/dcos/mesos-slave-common", unit, StringComparison.Ordinal);
        Assert.Contains("EnvironmentFile=-/var/lib/dcos/mesos-resources", unit, StringComparison.Ordinal);
        if (extra is not null)
        {
            Assert.Contains(extra, unit, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Agent_NotifySocket_SendsReadyOnceRecovered()
    {
        var socketPath = Path.Combine(_dir.FullName, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        await using var master = await MasterProcess.StartAsync();

        await using var agent = AgentProcess.Start(
            master.Url, Path.Combine(_dir.FullName, "agent"), "127.0.1.20", "agent-20", environment: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);

        Assert.StartsWith("READY=1", Encoding.UTF8.GetString(buffer, 0, received), StringComparison.Ordinal);
    }
}
