using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>drydock agent</c> process. It does not own its work dir (tests restart agents on the same one), so the
/// test deletes it. Disposing kills the process if it still runs.
/// </summary>
internal sealed partial class AgentProcess : IAsyncDisposable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Ports = new(StringComparer.Ordinal);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool _disposed;

    private AgentProcess(Process process) => _process = process;

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

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public static AgentProcess Start(Uri master, string workDir, string ip, string hostname, IEnumerable<string>? extraArgs = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var extra = (extraArgs ?? []).ToArray();
        var info = DrydockBinary.StartInfo(new[]
        {
            "agent", "--master", $"{master.Host}:{master.Port}", "--ip", ip, "--hostname", hostname, "--work-dir", workDir,
        }.Concat(extra.Contains("--port") ? [] : ["--port", PortFor(workDir, ip).ToString(CultureInfo.InvariantCulture)]).Concat(extra));

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MESOS_", StringComparison.Ordinal) || k.StartsWith("DRYDOCK_", StringComparison.Ordinal)).ToArray())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var agent = new AgentProcess(Process.Start(info)!);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (agent._output)
            {
                agent._output.AppendLine(e.Data);
            }

            if (Registered().Match(e.Data) is { Success: true } match)
            {
                agent._registered.TrySetResult(match.Groups[1].Value);
            }
        }

        agent._process.OutputDataReceived += OnLine;
        agent._process.ErrorDataReceived += OnLine;
        agent._process.BeginOutputReadLine();
        agent._process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>
    /// The agent API port of the agent kept in <paramref name="workDir"/>: free when first asked for, then the same for
    /// every restart on that work dir (the port is part of the agent's info, so a new one would make it a new agent).
    /// </summary>
    public static int PortFor(string workDir, string ip) => Ports.GetOrAdd(Path.GetFullPath(workDir), _ =>
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(ip), 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    });

    /// <summary>Waits for the agent's first (re-)registration and returns its agent id.</summary>
    public async Task<string> WaitRegisteredAsync(TimeSpan? timeout = null)
    {
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(_registered.Task, exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        return done == _registered.Task
            ? await _registered.Task
            : throw new InvalidOperationException("The agent did not register:\n" + Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async Task<int> SignalAndWaitAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Sends a signal by name (e.g. STOP, CONT) without waiting for anything.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGKILL to the agent alone, as when it crashes: its tasks' supervisors live on.</summary>
    public async Task KillNineAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"(?:Re-registered|Registered) with master \S+ as agent (\S+)")]
    private static partial Regex Registered();
}
