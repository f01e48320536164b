namespace Drydock.Platform;

/// <summary>Another process holds the work dir's lock.</summary>
public sealed class WorkDirInUseException(string workDir, int? pid)
    : Exception($"work dir {workDir} is in use by {(pid is { } holder ? $"pid {holder}" : "another process")}")
{
    /// <summary>The work dir, as a full path.</summary>
    public string WorkDir { get; } = workDir;

    /// <summary>The holder's pid, when its lock file says.</summary>
    public int? Pid { get; } = pid;
}
