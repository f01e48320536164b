using System.Text;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>Real agent processes against a real master: registration, recovery, SIGUSR1 and machine DOWN.</summary>
public sealed class AgentLifecycleTests : IDisposable
{
    private static readonly TimeSpan Exit = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-agents-");

    public void Dispose() => _root.Delete(recursive: true);

    private string WorkDir(string name) => Path.Combine(_root.FullName, name);

    private static string MachineJson(string hostname, string ip) => $$"""{"hostname":"{{hostname}}","ip":"{{ip}}"}""";

    private static async Task PostAsync(MasterProcess master, string path, string json)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Register_NewAgent_ListedWithResourcesAndAttributes()
    {
        await using var master = await MasterProcess.StartAsync();
        await using var agent = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.1", "agent-1", ["--resources", "cpus:2;mem:1024;ports:[31000-31010]", "--attributes", "rack:r1;level:3"]);

        var id = await agent.WaitRegisteredAsync();

        Assert.StartsWith(master.Id + "-S", id, StringComparison.Ordinal);
        var listed = Assert.Single(await StatePoller.AgentsAsync(master.Url));
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.Equal("agent-1", listed.GetProperty("hostname").GetString());
        Assert.Equal($"slave(1)@127.0.1.1:{AgentProcess.PortFor(WorkDir("a"), "127.0.1.1")}", listed.GetProperty("pid").GetString());
        Assert.Equal(2, listed.GetProperty("resources").GetProperty("cpus").GetDouble());
        Assert.Equal("[31000-31010]", listed.GetProperty("resources").GetProperty("ports").GetString());
        Assert.Equal("r1", listed.GetProperty("attributes").GetProperty("rack").GetString());
        Assert.Equal(3, listed.GetProperty("attributes").GetProperty("level").GetDouble());
        Assert.True(listed.GetProperty("active").GetBoolean());
        Assert.True(File.Exists(Path.Combine(WorkDir("a"), "meta", "slaves", id, "slave.info")));
        Assert.Equal(Path.Combine(WorkDir("a"), "meta", "slaves", id), new FileInfo(Path.Combine(WorkDir("a"), "meta", "slaves", "latest")).LinkTarget);
    }

    [Fact]
    public async Task Sigusr1_RegisteredAgent_UnregistersExitsZeroAndReturnsWithSameId()
    {
        await using var master = await MasterProcess.StartAsync();
        string id;
        await using (var agent = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.2", "agent-2"))
        {
            id = await agent.WaitRegisteredAsync();

            Assert.Equal(0, await agent.SignalAndWaitAsync("USR1", TimeSpan.FromSeconds(10)));
            Assert.Contains("Unregistered agent " + id, agent.Output, StringComparison.Ordinal);
        }

        await StatePoller.WaitForAgentsAsync(master.Url, agents => agents.Length == 0);

        await using var again = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.2", "agent-2");
        Assert.Equal(id, await again.WaitRegisteredAsync());
        await StatePoller.WaitForAgentsAsync(master.Url, agents => agents.Length == 1 && agents[0].GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task KillNine_ThenRestart_DisconnectedThenReregisteredWithSameId()
    {
        await using var master = await MasterProcess.StartAsync();
        string id;
        await using (var agent = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.3", "agent-3"))
        {
            id = await agent.WaitRegisteredAsync();
        }

        await StatePoller.WaitForAgentsAsync(master.Url, agents => agents.Length == 1 && !agents[0].GetProperty("active").GetBoolean());

        await using var again = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.3", "agent-3");
        Assert.Equal(id, await again.WaitRegisteredAsync());
        await StatePoller.WaitForAgentsAsync(master.Url, agents => agents.Length == 1 && agents[0].GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task EnvFileProcedure_ChangedAttributes_RefusedWithHintThenNewIdAfterRmLatest()
    {
        await using var master = await MasterProcess.StartAsync();
        var workDir = WorkDir("a");
        var envFile = Path.Combine(_root.FullName, "mesos-slave-common");
        await File.WriteAllTextAsync(envFile, "MESOS_ATTRIBUTES=rack:r1;zone:west\n", TestContext.Current.CancellationToken);
        string[] args = ["--env-file", envFile];

        string firstId;
        await using (var agent = AgentProcess.Start(master.Url, workDir, "127.0.1.4", "agent-4", args))
        {
            firstId = await agent.WaitRegisteredAsync();
            Assert.Equal(0, await agent.SignalAndWaitAsync("USR1", Exit));
        }

        await File.WriteAllTextAsync(envFile, "MESOS_ATTRIBUTES=rack:r2;zone:west\n", TestContext.Current.CancellationToken);
        await using (var refused = AgentProcess.Start(master.Url, workDir, "127.0.1.4", "agent-4", args))
        {
            Assert.NotEqual(0, await refused.WaitForExitAsync(Exit));
            var lines = refused.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var first = lines.IndexOf("Incompatible agent info detected");
            Assert.True(first >= 0, refused.Output);
            Assert.Equal("  attribute `rack`: `r1` -> `r2`", lines[first + 1]);
            Assert.Contains($"  rm -f {workDir}/meta/slaves/latest", lines);
            Assert.Contains("old agent info: hostname: agent-4", refused.Output, StringComparison.Ordinal);
        }

        File.Delete(Path.Combine(workDir, "meta", "slaves", "latest"));
        await using var renewed = AgentProcess.Start(master.Url, workDir, "127.0.1.4", "agent-4", args);
        var newId = await renewed.WaitRegisteredAsync();

        Assert.NotEqual(firstId, newId);
        var listed = await StatePoller.WaitForAgentsAsync(master.Url, agents => agents.Any(a => a.GetProperty("id").GetString() == newId));
        Assert.Equal("r2", listed.Single(a => a.GetProperty("id").GetString() == newId).GetProperty("attributes").GetProperty("rack").GetString());
    }

    [Fact]
    public async Task AdditivePolicy_GrownResources_KeepsId()
    {
        await using var master = await MasterProcess.StartAsync();
        string id;
        await using (var agent = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.5", "agent-5", ["--resources", "cpus:4;mem:32"]))
        {
            id = await agent.WaitRegisteredAsync();
        }

        await using var grown = AgentProcess.Start(
            master.Url, WorkDir("a"), "127.0.1.5", "agent-5", ["--resources", "cpus:8;mem:128", "--attributes", "version:8", "--reconfiguration-policy", "additive"]);

        Assert.Equal(id, await grown.WaitRegisteredAsync());
        var listed = await StatePoller.WaitForAgentsAsync(master.Url, agents => agents.Length == 1 && agents[0].GetProperty("resources").GetProperty("cpus").GetDouble() == 8);
        Assert.Equal(8, listed[0].GetProperty("attributes").GetProperty("version").GetDouble());
    }

    [Fact]
    public async Task MachineDown_RunningAgent_ShutDownRefusedUntilUp()
    {
        await using var master = await MasterProcess.StartAsync();
        var machine = MachineJson("agent-6", "127.0.1.6");
        await using (var agent = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.6", "agent-6"))
        {
            await agent.WaitRegisteredAsync();
            await PostAsync(master, "maintenance/schedule", """{"windows":[{"machine_ids":[""" + machine + """],"unavailability":{"start":{"nanoseconds":1}}}]}""");
            await PostAsync(master, "machine/down", $"[{machine}]");

            Assert.Equal(0, await agent.WaitForExitAsync(Exit));
            Assert.Contains("Shutdown requested by the master: Operator initiated 'Machine DOWN'", agent.Output, StringComparison.Ordinal);
        }

        await StatePoller.WaitForAgentsAsync(master.Url, agents => agents.Length == 0);

        await using (var refused = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.6", "agent-6"))
        {
            Assert.Equal(0, await refused.WaitForExitAsync(Exit));
            Assert.Contains("Machine is `DOWN`", refused.Output, StringComparison.Ordinal);
        }

        Assert.Empty(await StatePoller.AgentsAsync(master.Url));

        await PostAsync(master, "machine/up", $"[{machine}]");
        await using var back = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.6", "agent-6");
        await back.WaitRegisteredAsync();
        await StatePoller.WaitForAgentsAsync(master.Url, agents => agents.Length == 1);
    }

    [Theory]
    [InlineData("--resources", "cpus:abc", "'cpus:abc'")]
    [InlineData("--attributes", "rack", "'rack'")]
    [InlineData("--reconfiguration-policy", "loose", "'loose'")]
    public async Task Start_InvalidFlag_ExitsWithMessageNamingToken(string flag, string value, string token)
    {
        await using var master = await MasterProcess.StartAsync();
        await using var agent = AgentProcess.Start(master.Url, WorkDir("a"), "127.0.1.7", "agent-7", [flag, value]);

        Assert.Equal(2, await agent.WaitForExitAsync(Exit));
        Assert.Contains(token, agent.Output, StringComparison.Ordinal);
    }
}
