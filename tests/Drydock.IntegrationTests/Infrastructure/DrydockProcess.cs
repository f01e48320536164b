using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Any long-running <c>drydock</c> command as a real process: output captured line by line, a wait for a line
/// that matches a pattern, signals by name, and a kill on dispose.
/// </summary>
internal sealed class DrydockProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waits = [];

    private DrydockProcess(Process process) => _process = process;

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

    public static DrydockProcess Start(params string[] args)
    {
        var started = new DrydockProcess(Process.Start(DrydockBinary.StartInfo(args))!);
        started._process.OutputDataReceived += started.OnLine;
        started._process.ErrorDataReceived += started.OnLine;
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/> (seen before or after the call).</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            var earlier = _output.ToString().Split('\n').Select(l => regex.Match(l)).FirstOrDefault(m => m.Success);
            if (earlier is not null)
            {
                return earlier;
            }

            _waits.Add((regex, found));
        }

        var done = await Task.WhenAny(found.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        return done == found.Task ? await found.Task : throw new TimeoutException($"No line matching '{pattern}':\n{Output}");
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

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(object? sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(e.Data);
            foreach (var (pattern, found) in _waits)
            {
                if (pattern.Match(e.Data) is { Success: true } match)
                {
                    found.TrySetResult(match);
                }
            }
        }
    }
}
