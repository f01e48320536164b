using System.Runtime.InteropServices;
using Drydock.Agent.Checkpoint;

namespace Drydock.Agent.Files;

/// <summary>
/// Maps the paths the file endpoints are asked for onto the task sandboxes, and refuses everything else. A sandbox is an
/// executor run directory, <c>&lt;work_dir&gt;/slaves/&lt;agent&gt;/frameworks/&lt;fw&gt;/executors/&lt;ex&gt;/runs/&lt;container&gt;</c>;
/// it is named either by that real path (the executor's <c>directory</c> in <c>/state</c>) or by the virtual path
/// Mesos gives it, the same path from <c>/slaves/</c> on, where <c>runs/latest</c> is the executor's latest run.
/// Nothing outside a sandbox is ever reached: <c>..</c> or <c>.</c> segments, a path above a run directory, and a
/// symbolic link that leads out of its sandbox all resolve to nothing (404).
/// </summary>
internal sealed class SandboxPaths(string workDir)
{
    private const int SandboxDepth = 8;
    private static readonly string?[] Fixed = ["slaves", null, "frameworks", null, "executors", null, "runs"];

    private readonly string _workDir = Path.GetFullPath(workDir).TrimEnd('/');

    /// <summary>The real path a request names, canonical (symbolic links resolved); null when it names nothing allowed.</summary>
    public string? Resolve(string requested)
    {
        if (requested.Length == 0 || requested[0] != '/' || requested.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var relative = requested == _workDir || requested.StartsWith(_workDir + "/", StringComparison.Ordinal)
            ? requested[_workDir.Length..]
            : requested;
        var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < SandboxDepth || segments.Any(s => s is "." or ".."))
        {
            return null;
        }

        for (var i = 0; i < Fixed.Length; i++)
        {
            if (Fixed[i] is { } name && segments[i] != name)
            {
                return null;
            }
        }

        var slavesReal = RealPath(Path.Combine(_workDir, "slaves"));
        var runs = Path.Combine(_workDir, "slaves", segments[1], "frameworks", segments[3], "executors", segments[5], "runs");
        var runsReal = RealPath(runs);
        if (slavesReal is null || runsReal is null || !runsReal.StartsWith(slavesReal + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var run = Path.Combine(runs, segments[7]);
        if (segments[7] == "latest" && !Path.Exists(run))
        {
            // A run started before the agent kept a `latest` link: the newest run is the latest.
            run = Directory.EnumerateDirectories(runs).OrderByDescending(Directory.GetLastWriteTimeUtc).FirstOrDefault() ?? run;
        }

        // The run must be one of this executor's runs (`latest` is a link to a sibling), and a directory.
        var sandbox = RealPath(run);
        if (sandbox is null || Path.GetDirectoryName(sandbox) != runsReal || !Directory.Exists(sandbox))
        {
            return null;
        }

        var target = RealPath(Path.Combine([sandbox, .. segments[SandboxDepth..]]));
        return target is not null && (target == sandbox || target.StartsWith(sandbox + "/", StringComparison.Ordinal)) ? target : null;
    }

    /// <summary>realpath(3): the canonical absolute path, or null when the path (or a link on it) leads nowhere.</summary>
    private static string? RealPath(string path)
    {
        var resolved = NativeMethods.RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            NativeMethods.Free(resolved);
        }
    }
}
