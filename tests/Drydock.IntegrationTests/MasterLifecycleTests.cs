using System.Net;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>Starting and stopping a real master process.</summary>
public sealed class MasterLifecycleTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Signal_TermOrInt_StopsCleanlyWithExitZero(string signal)
    {
        await using var master = await MasterProcess.StartAsync();

        var exitCode = await master.SignalAndWaitAsync(signal, TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Contains("Master start-up stage: stop", master.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WorkDirMissing_IsCreatedWithRegistry()
    {
        var root = Directory.CreateTempSubdirectory("drydock-lifecycle-");
        try
        {
            var workDir = Path.Combine(root.FullName, "nested", "master");
            await using var master = await MasterProcess.StartAsync(workDir);
            using var http = new HttpClient { BaseAddress = master.Url };

            using var response = await http.GetAsync("state", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(File.Exists(Path.Combine(workDir, "registry.db")));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_TwoRuns_GetDifferentMasterIds()
    {
        var root = Directory.CreateTempSubdirectory("drydock-runs-");
        try
        {
            string firstId;
            await using (var first = await MasterProcess.StartAsync(root.FullName))
            {
                firstId = first.Id;
                Assert.Equal(0, await first.SignalAndWaitAsync("TERM", TimeSpan.FromSeconds(30)));
            }

            await using var second = await MasterProcess.StartAsync(root.FullName);

            Assert.NotEqual(firstId, second.Id);
            Assert.True(Guid.TryParse(firstId, out _));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
