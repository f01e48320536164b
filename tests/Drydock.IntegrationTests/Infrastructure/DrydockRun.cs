using System.Diagnostics;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>Runs one <c>drydock</c> CLI command to completion and captures what it printed.</summary>
internal static class DrydockRun
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IEnumerable<string> args,
        string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var info = DrydockBinary.StartInfo(args);
        info.RedirectStandardInput = true;

        info.Environment.Remove("DRYDOCK_MASTER");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"drydock {string.Join(' ', args)} did not finish in time");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
