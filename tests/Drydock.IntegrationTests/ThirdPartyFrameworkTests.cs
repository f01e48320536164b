using System.Diagnostics;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>
/// The public <c>mesos-framework</c> npm client (wire-compat.md) against real master and agent processes: it subscribes,
/// accepts offers, launches shell tasks and sees them TASK_RUNNING. Its package is installed from the lockfile by the
/// build of this project (<c>npm ci</c> in tests/framework-compat, target InstallFrameworkCompat).
/// </summary>
public sealed class ThirdPartyFrameworkTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-npm-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task MesosFramework_ThreeTasksOnTwoAgents_AllRunning()
    {
        var compat = Path.Combine(Path.GetDirectoryName(DrydockBinary.Path)!, "..", "..", "..", "..", "..", "tests", "framework-compat");
        Assert.True(
            Directory.Exists(Path.Combine(compat, "node_modules", "mesos-framework")),
            "mesos-framework is not installed: building this project runs 'npm ci' in tests/framework-compat");
        await using var master = await MasterProcess.StartAsync(null, "--heartbeat-interval", "2s", "--allocation-interval", "200ms");
        await using var first = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "a1"), "127.0.9.1", "agent-1", ["--resources", "cpus:2;mem:1024;disk:1000"]);
        await using var second = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "a2"), "127.0.9.2", "agent-2", ["--resources", "cpus:2;mem:1024;disk:1000"]);
        await first.WaitRegisteredAsync();
        await second.WaitRegisteredAsync();
        var logs = Directory.CreateDirectory(Path.Combine(_root.FullName, "logs")).FullName;

        var info = new ProcessStartInfo("node") { WorkingDirectory = compat, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run-framework.js", master.Url.Host, master.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "3", logs })
        {
            info.ArgumentList.Add(arg);
        }

        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await node.WaitForExitAsync(timeout.Token);

        Assert.True(node.ExitCode == 0, await output + await errors);
        Assert.Contains("ALL RUNNING 3", await output, StringComparison.Ordinal);
    }
}
