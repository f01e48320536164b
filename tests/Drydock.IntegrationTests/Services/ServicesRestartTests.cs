using System.Net;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Services;

/// <summary><c>drydock services</c> as its own process: a kill -9 and a restart keep the framework id and every instance, and duplicate none.</summary>
public sealed class ServicesRestartTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-services-restart-");

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task KillNineAndRestart_SameFrameworkSameTasksNoDuplicates()
    {
        await using var master = await MasterProcess.StartAsync(Path.Combine(_root.FullName, "master"));
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.0.2", "agent-1", ["--resources", "cpus:4;mem:4096;disk:1000;ports:[31000-32000]"]);
        await agent.WaitRegisteredAsync();
        var port = SchedulerCalls.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = ["services", "--master", master.Url.Authority, "--port", port, "--work-dir", Path.Combine(_root.FullName, "services")];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        string frameworkId;
        string[] tasksBefore;
        await using (var first = DrydockProcess.Start(args))
        {
            await first.WaitForLineAsync("Subscribed to the master as framework", TimeSpan.FromSeconds(60));
            using var created = await http.PostAsync("v2/apps", new StringContent("""{"id":"/stay","cmd":"sleep 600","cpus":0.1,"mem":32,"instances":3}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            tasksBefore = await RunningAsync(http, 3);
            frameworkId = (await GetAsync(http, "v2/info")).GetProperty("frameworkId").GetString()!;
            await first.SignalAndWaitAsync("KILL", TimeSpan.FromSeconds(30));
        }

        await using var second = DrydockProcess.Start(args);
        await second.WaitForLineAsync("Subscribed to the master as framework " + frameworkId, TimeSpan.FromSeconds(60));
        var tasksAfter = await RunningAsync(http, 3);

        Assert.Equal(tasksBefore, tasksAfter);
        using var state = JsonDocument.Parse(await new HttpClient().GetStringAsync(new Uri(master.Url, "tasks"), TestContext.Current.CancellationToken));
        Assert.Equal(3, state.RootElement.GetProperty("tasks").EnumerateArray().Count(t => t.GetProperty("state").GetString() == "TASK_RUNNING"));
        Assert.Equal(0, await second.SignalAndWaitAsync("TERM", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task KillNineMidDeployment_TheDeploymentResumesWithItsIdAndFinishes()
    {
        await using var master = await MasterProcess.StartAsync(Path.Combine(_root.FullName, "master"));
        // Room for two instances only: the third keeps the deployment running.
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.0.2", "agent-1", ["--resources", "cpus:1;mem:1024;disk:1000;ports:[31000-32000]"]);
        await agent.WaitRegisteredAsync();
        var port = SchedulerCalls.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = ["services", "--master", master.Url.Authority, "--port", port, "--work-dir", Path.Combine(_root.FullName, "services")];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        string deploymentId;
        await using (var first = DrydockProcess.Start(args))
        {
            await first.WaitForLineAsync("Subscribed to the master as framework", TimeSpan.FromSeconds(60));
            using var created = await http.PostAsync("v2/apps", new StringContent("""{"id":"/big","cmd":"sleep 600","cpus":0.5,"mem":32,"instances":3}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            deploymentId = created.Headers.GetValues("Marathon-Deployment-Id").Single();
            await WaitAsync(http, "v2/apps/big", a => a.GetProperty("app").GetProperty("tasksRunning").GetInt32() == 2);
            await first.SignalAndWaitAsync("KILL", TimeSpan.FromSeconds(30));
        }

        await using var second = DrydockProcess.Start(args);
        await second.WaitForLineAsync("Subscribed to the master as framework", TimeSpan.FromSeconds(60));
        var deployments = await WaitAsync(http, "v2/deployments", d => d.GetArrayLength() == 1);
        Assert.Equal(deploymentId, deployments[0].GetProperty("id").GetString());
        Assert.Equal(2, deployments[0].GetProperty("currentStep").GetInt32());

        // More room: the resumed deployment places its third instance and ends.
        await using var more = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent-2"), "127.0.0.3", "agent-2", ["--resources", "cpus:1;mem:1024;disk:1000;ports:[31000-32000]"]);
        await more.WaitRegisteredAsync();
        await WaitAsync(http, "v2/deployments", d => d.GetArrayLength() == 0);
        var app = await GetAsync(http, "v2/apps/big");
        Assert.Equal(3, app.GetProperty("app").GetProperty("tasksRunning").GetInt32());
        Assert.Equal(3, app.GetProperty("app").GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task MasterTearsTheFrameworkDown_ItSubscribesAnewAndRelaunchesEveryApp()
    {
        await using var master = await MasterProcess.StartAsync(Path.Combine(_root.FullName, "master"));
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.0.2", "agent-1", ["--resources", "cpus:4;mem:4096;disk:1000;ports:[31000-32000]"]);
        await agent.WaitRegisteredAsync();
        var port = SchedulerCalls.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = ["services", "--master", master.Url.Authority, "--port", port, "--work-dir", Path.Combine(_root.FullName, "services")];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await using var services = DrydockProcess.Start(args);
        await services.WaitForLineAsync("Subscribed to the master as framework", TimeSpan.FromSeconds(60));
        using var created = await http.PostAsync("v2/apps", new StringContent("""{"id":"/stay","cmd":"sleep 600","cpus":0.1,"mem":32,"instances":2}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var before = await RunningAsync(http, 2);
        var oldId = (await GetAsync(http, "v2/info")).GetProperty("frameworkId").GetString()!;

        using var mesos = new HttpClient();
        using var teardown = await mesos.PostAsync(new Uri(master.Url, "teardown"), new FormUrlEncodedContent([new("frameworkId", oldId)]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, teardown.StatusCode);

        // The master killed its tasks and will not take the old id back: a new framework runs the app again.
        await services.WaitForLineAsync("relaunched under a new framework id", TimeSpan.FromSeconds(60));
        var info = await WaitAsync(http, "v2/info", i => i.GetProperty("frameworkId").GetString() is { } id && id != oldId);
        var newId = info.GetProperty("frameworkId").GetString()!;
        var after = await RunningAsync(http, 2);
        Assert.Empty(after.Intersect(before));
        using var state = JsonDocument.Parse(await mesos.GetStringAsync(new Uri(master.Url, "state"), TestContext.Current.CancellationToken));
        var frameworks = state.RootElement.GetProperty("frameworks").EnumerateArray().ToArray();
        var live = Assert.Single(frameworks);
        Assert.Equal(newId, live.GetProperty("id").GetString());
        Assert.Equal(2, live.GetProperty("tasks").EnumerateArray().Count(t => t.GetProperty("state").GetString() == "TASK_RUNNING"));
        Assert.Contains(state.RootElement.GetProperty("completed_frameworks").EnumerateArray(), f => f.GetProperty("id").GetString() == oldId);

        // The new id is the durable one: a restart resumes it rather than the removed one.
        await services.SignalAndWaitAsync("KILL", TimeSpan.FromSeconds(30));
        await using var again = DrydockProcess.Start(args);
        await again.WaitForLineAsync("Subscribed to the master as framework " + newId, TimeSpan.FromSeconds(60));
        Assert.Equal(after, await RunningAsync(http, 2));
    }

    private static async Task<JsonElement> WaitAsync(HttpClient http, string path, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            JsonElement answer = default;
            try
            {
                answer = await GetAsync(http, path);
                if (until(answer))
                {
                    return answer;
                }
            }
            catch (HttpRequestException)
            {
                // Not serving yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never reached the state waited for: " + (answer.ValueKind == JsonValueKind.Undefined ? "no answer" : answer.GetRawText()));
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(path, TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    /// <summary>Waits until the app runs exactly <paramref name="count"/> tasks and has no deployment, and returns their ids.</summary>
    private static async Task<string[]> RunningAsync(HttpClient http, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            JsonElement app = default;
            try
            {
                app = (await GetAsync(http, "v2/apps/stay")).GetProperty("app");
                var tasks = app.GetProperty("tasks").EnumerateArray().ToArray();
                if (tasks.Length == count && tasks.All(t => t.GetProperty("state").GetString() == "TASK_RUNNING") && app.GetProperty("deployments").GetArrayLength() == 0)
                {
                    return tasks.Select(t => t.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
                }
            }
            catch (HttpRequestException)
            {
                // Not serving yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "the app never settled: " + (app.ValueKind == JsonValueKind.Undefined ? "no answer" : app.GetRawText()));
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
