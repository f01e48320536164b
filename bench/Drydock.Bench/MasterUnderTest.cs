using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Drydock.Bench;

/// <summary>A release-built <c>drydock master</c> process on a free loopback port, in a temporary work dir.</summary>
internal sealed partial class MasterUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _workDir;

    private MasterUnderTest(Process process, string workDir, Uri url)
    {
        _process = process;
        _workDir = workDir;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<MasterUnderTest> StartAsync(params string[] extraArgs)
    {
        var workDir = Directory.CreateTempSubdirectory("drydock-bench-").FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { DrydockDll(), "master", "--port", "0", "--work-dir", workDir, "--log-level", "info" }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var url = new TaskCompletionSource<Uri>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Listening().Match(e.Data) is { Success: true } m)
            {
                url.TrySetResult(new Uri(m.Groups[1].Value + "/"));
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(url.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        return started == url.Task
            ? new MasterUnderTest(process, workDir, await url.Task)
            : throw new InvalidOperationException("master did not start");
    }

    /// <summary>Resident set size of the master process, in MiB.</summary>
    public double RssMiB() => ProcessStats.RssKiB(_process.Id) / 1024.0;

    /// <summary>CPU time the master process has used (user + system), in seconds.</summary>
    public double CpuSeconds() => ProcessStats.CpuSeconds(_process.Id);

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }

    internal static string DrydockDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Drydock.slnx")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "src", "Drydock.Cli", "bin", here.Parent!.Name, here.Name, "drydock.dll");
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();
}
