using System.Globalization;
using System.Text.RegularExpressions;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>A real agent against a master that crashes again and again: its reconnect backoff starts over each time.</summary>
public sealed partial class AgentReconnectTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-reconnect-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task MasterKillNine_ThreeTimes_AgentReregistersQuicklyEachTime()
    {
        // b = 100ms. With the backoff starting over at each registration, each return waits [0, 0.1 s], then
        // [0, 0.2 s], … while the master is down: a few seconds at most. Without it the waits of every crash add up
        // (by the third, retries are drawn from [0, 60 s]), and the bound below is missed.
        var bound = TimeSpan.FromSeconds(10);
        var port = PortAllocator.Next().ToString(CultureInfo.InvariantCulture);
        var workDir = Path.Combine(_root.FullName, "master");
        var master = await MasterProcess.StartAsync(workDir, "--port", port);
        try
        {
            await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.11.1", "reconnect", ["--registration-backoff-factor", "100ms"]);
            var agentId = await agent.WaitRegisteredAsync();
            var took = new List<TimeSpan>();
            for (var crash = 0; crash < 3; crash++)
            {
                await master.KillAsync();
                await master.DisposeAsync();
                master = await MasterProcess.StartAsync(workDir, "--port", port);
                var back = DateTime.UtcNow;
                var deadline = back + TimeSpan.FromSeconds(90);
                while (!agent.Output.Contains($"Re-registered with master {master.Id} as agent {agentId}", StringComparison.Ordinal))
                {
                    Assert.True(DateTime.UtcNow < deadline, "The agent did not re-register:\n" + agent.Output);
                    await Task.Delay(50, TestContext.Current.CancellationToken);
                }

                took.Add(DateTime.UtcNow - back);
            }

            Assert.All(took, t => Assert.True(t < bound, $"re-registered after {string.Join(", ", took.Select(x => x.TotalSeconds))} s"));

            // The first retry after each lost channel is the first attempt again.
            var lines = agent.Output.Split('\n');
            var firstRetries = lines
                .Select((line, index) => (line, index))
                .Where(l => l.line.Contains("Re-registered with master", StringComparison.Ordinal) || l.line.Contains("Registered with master", StringComparison.Ordinal))
                .Select(l => lines.Skip(l.index + 1).FirstOrDefault(x => x.Contains("Registering again in", StringComparison.Ordinal)))
                .Where(l => l is not null)
                .ToArray();
            Assert.Equal(3, firstRetries.Length);
            Assert.All(firstRetries, l => Assert.Equal("1", Attempt().Match(l!).Groups[1].Value));
        }
        finally
        {
            await master.DisposeAsync();
        }
    }

    [GeneratedRegex(@"\(attempt (\d+) since the last registration\)")]
    private static partial Regex Attempt();
}
