using System.Diagnostics;

namespace Drydock.Agent.Health;

/// <summary>
/// A COMMAND check: the command runs in the task's sandbox with the task's environment (and the check's own variables
/// over it), <c>sh -c</c> for a shell command; it passes when it exits 0. On timeout its whole process tree is killed.
/// </summary>
internal sealed class CommandProbe(string command, bool shell, IReadOnlyList<string> arguments, string sandbox, IReadOnlyDictionary<string, string> environment) : IHealthProbe
{
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(shell ? "/bin/sh" : command)
        {
            UseShellExecute = false,
            WorkingDirectory = sandbox,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (shell)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(command);
        }
        else
        {
            foreach (var arg in arguments.Skip(1))
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("the command did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "Failed to create subprocess: " + e.Message;
        }

        using (process)
        {
            process.StandardInput.Close();
            // Its output is read and dropped, so a chatty check cannot block on a full pipe.
            var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            var errors = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await Task.WhenAll(output, errors);
            return process.ExitCode == 0 ? null : "Command returned exit status " + process.ExitCode;
        }
    }
}
