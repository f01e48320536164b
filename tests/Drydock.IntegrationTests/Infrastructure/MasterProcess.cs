using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>drydock master</c> process on loopback, on a port the system picks (<c>--port 0</c>), with its own
/// temporary work dir. Disposing it kills the process and deletes the work dir.
/// </summary>
internal sealed partial class MasterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsWorkDir;

    private MasterProcess(Process process, string workDir, bool ownsWorkDir)
    {
        _process = process;
        WorkDir = workDir;
        _ownsWorkDir = ownsWorkDir;
    }

    public string WorkDir { get; }

    public Uri Url { get; private set; } = null!;

    public string Id { get; private set; } = string.Empty;

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a master and waits until it listens. Pass <paramref name="workDir"/> to restart on old state.</summary>
    public static async Task<MasterProcess> StartAsync(string? workDir = null, params string[] extraArgs)
    {
        var owns = workDir is null;
        workDir ??= Directory.CreateTempSubdirectory("drydock-master-").FullName;
        // A caller that restarts a master where agents expect it passes its own --port.
        var port = extraArgs.Contains("--port") ? [] : new[] { "--port", "0" };
        var info = DrydockBinary.StartInfo(new[] { "master", "--ip", "127.0.0.1", "--work-dir", workDir }.Concat(port).Concat(extraArgs));

        var master = new MasterProcess(Process.Start(info)!, workDir, owns);
        var listening = new TaskCompletionSource<(string Id, string Url)>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (master._output)
            {
                master._output.AppendLine(e.Data);
            }

            var match = Listening().Match(e.Data);
            if (match.Success)
            {
                listening.TrySetResult((match.Groups[1].Value, match.Groups[2].Value));
            }
        }

        master._process.OutputDataReceived += OnLine;
        master._process.ErrorDataReceived += OnLine;
        master._process.BeginOutputReadLine();
        master._process.BeginErrorReadLine();

        var exited = master._process.WaitForExitAsync();
        var started = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != listening.Task)
        {
            var output = master.Output;
            await master.DisposeAsync();
            throw new InvalidOperationException("drydock master did not start:\n" + output);
        }

        var (id, url) = await listening.Task;
        master.Id = id;
        master.Url = new Uri(url + "/");
        return master;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends a signal by name (e.g. TERM, INT) and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> SignalAndWaitAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_ownsWorkDir)
        {
            try
            {
                Directory.Delete(WorkDir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    [GeneratedRegex(@"Master (\S+) listening on (http://\S+)")]
    private static partial Regex Listening();
}
