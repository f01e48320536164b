using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Drydock.Bench;

/// <summary>A release-built <c>drydock master</c> process on a free loopback port, in a temporary work dir.</summary>
internal sealed partial class MasterUnderTest : IAsyncDisposable
{
    private const int KeptProblems = 200;

    private readonly Process _process;
    private readonly string _workDir;
    private readonly Lock _log = new();
    private readonly List<string> _problems = [];
    private long _logLines;
    private long _problemLines;

    private MasterUnderTest(Process process, string workDir, Uri url)
    {
        _process = process;
        _workDir = workDir;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Lines the master has written to stdout and stderr so far.</summary>
    public long LogLines => Interlocked.Read(ref _logLines);

    /// <summary>How many of them were warnings, errors or critical (or anything on stderr).</summary>
    public long ProblemLines => Interlocked.Read(ref _problemLines);

    /// <summary>The first warning, error and critical lines, for a report's reading notes.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_log)
            {
                return [.. _problems];
            }
        }
    }

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
        MasterUnderTest? master = null;
        var early = new List<(string Line, bool Stderr)>();
        void OnLine(string line, bool stderr)
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                url.TrySetResult(new Uri(m.Groups[1].Value + "/"));
            }

            // Lines before the master object exists are kept and recorded once it does.
            MasterUnderTest? known;
            lock (early)
            {
                known = master;
                if (known is null)
                {
                    early.Add((line, stderr));
                }
            }

            known?.Record(line, stderr);
        }

        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                OnLine(e.Data, stderr: false);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                OnLine(e.Data, stderr: true);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(url.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != url.Task)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            Directory.Delete(workDir, recursive: true);
            lock (early)
            {
                throw new InvalidOperationException("master did not start: " + string.Join(Environment.NewLine, early.Select(e => e.Line)));
            }
        }

        var address = await url.Task;
        lock (early)
        {
            master = new MasterUnderTest(process, workDir, address);
            foreach (var (line, stderr) in early)
            {
                master.Record(line, stderr);
            }
        }

        return master;
    }

    /// <summary>The master's process id (unchanged as long as it has not been restarted).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

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

    private void Record(string line, bool stderr)
    {
        Interlocked.Increment(ref _logLines);
        // Single-line console format: "<timestamp> <level>: <category>[<event>] <message>".
        if (stderr || line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _problemLines);
            lock (_log)
            {
                if (_problems.Count < KeptProblems)
                {
                    _problems.Add(line);
                }
            }
        }
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
