using System.Diagnostics;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Services;

/// <summary>
/// A <c>drydock dev</c> cluster (master, agents on 127.0.0.2…, the service scheduler) on free ports in a temp folder,
/// for tests of <c>drydock services</c> against real agents and real tasks. Stopped (and its tasks killed) on dispose.
/// </summary>
internal sealed class ServiceCluster : IAsyncDisposable
{
    private readonly DirectoryInfo _root;
    private readonly DrydockProcess _dev;

    private ServiceCluster(DirectoryInfo root, DrydockProcess dev, Uri master, Uri services)
    {
        _root = root;
        _dev = dev;
        Master = master;
        Services = services;
        Http = new HttpClient { BaseAddress = services, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Master { get; }

    public Uri Services { get; }

    public HttpClient Http { get; }

    public string Output => _dev.Output;

    public static async Task<ServiceCluster> StartAsync(int agents)
    {
        var root = Directory.CreateTempSubdirectory("drydock-services-");
        var agentPort = SchedulerCalls.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dev = DrydockProcess.Start("dev", "--port", "0", "--services-port", "0", "--agent-port", agentPort, "--agents", agents.ToString(System.Globalization.CultureInfo.InvariantCulture), "--work-dir", root.FullName);
        var ready = await dev.WaitForLineAsync(@"^Ready: master (http://\S+), \d+ agent\(s\) registered, service scheduler \(Marathon /v2 API\) (http://\S+), also at", TimeSpan.FromSeconds(90));
        var cluster = new ServiceCluster(root, dev, new Uri(ready.Groups[1].Value + "/"), new Uri(ready.Groups[2].Value + "/"));
        await cluster.WaitForFrameworkAsync();
        return cluster;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(path, TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="until"/> holds, failing with the last answer at the deadline.</summary>
    public async Task<JsonElement> WaitAsync(string path, Func<JsonElement, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var answer = await GetAsync(path);
            if (until(answer))
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never reached the state waited for; last answer: {answer.GetRawText()}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Runs a Python 3 script with Debian's python3-marathon against the cluster; the services URL is in $SERVICES, the master's in $MASTER.</summary>
    public async Task<string> PythonAsync(string script)
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["SERVICES"] = Services.ToString().TrimEnd('/');
        info.Environment["MASTER"] = Master.ToString().TrimEnd('/');
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(python.ExitCode == 0, $"python3 exited {python.ExitCode}:\n{await output}\n{await errors}");
        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _dev.SignalAndWaitAsync("TERM", TimeSpan.FromSeconds(60));
        await _dev.DisposeAsync();
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A task's file still held open; the temp folder is left.
        }
    }

    private async Task WaitForFrameworkAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await GetAsync("v2/info")).GetProperty("frameworkId").ValueKind != JsonValueKind.String)
        {
            Assert.True(DateTime.UtcNow < deadline, "the service scheduler never subscribed: " + _dev.Output);
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
