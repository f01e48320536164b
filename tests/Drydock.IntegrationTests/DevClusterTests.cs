using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary><c>drydock dev</c>: the one command a new user starts with.</summary>
public sealed class DevClusterTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-dev-");
    private readonly string _agentPort = SchedulerCalls.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Dev_TwoAgents_RegisterOnDistinctMachinesStopOnCtrlCAndKeepIdentities()
    {
        string[] ids;
        await using (var dev = DrydockProcess.Start("dev", "--port", "0", "--agents", "2", "--agent-port", _agentPort, "--work-dir", _root.FullName))
        {
            var url = new Uri((await dev.WaitForLineAsync(@"master (http://\S+),", TimeSpan.FromSeconds(60))).Groups[1].Value + "/");
            var agents = await StatePoller.WaitForAgentsAsync(url, a => a.Length == 2);

            Assert.Equal(["127.0.0.2", "127.0.0.3"], agents.Select(a => a.GetProperty("pid").GetString()!.Split('@', ':')[1]).Order());
            Assert.Equal(["agent-1", "agent-2"], agents.Select(a => a.GetProperty("hostname").GetString()).Order());
            ids = agents.Select(a => a.GetProperty("id").GetString()!).Order().ToArray();
            Assert.Equal(0, await dev.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(30)));
        }

        await using var again = DrydockProcess.Start("dev", "--port", "0", "--agents", "2", "--agent-port", _agentPort, "--work-dir", _root.FullName);
        var url2 = new Uri((await again.WaitForLineAsync(@"master (http://\S+),", TimeSpan.FromSeconds(60))).Groups[1].Value + "/");
        var back = await StatePoller.WaitForAgentsAsync(url2, a => a.Length == 2);

        Assert.Equal(ids, back.Select(a => a.GetProperty("id").GetString()!).Order());
    }
}
