namespace Drydock.Master.Hosting;

/// <summary>
/// The layout of the master's work dir, the only place the master writes to:
/// <code>
/// &lt;work_dir&gt;/
///   drydock.lock       held (flock) by the master for its whole life; holds its pid (see WorkDirLock)
///   registry.db        durable state (SQLite, WAL; with registry.db-wal and registry.db-shm beside it)
/// </code>
/// </summary>
internal sealed class MasterPaths(string workDir)
{
    public string WorkDir { get; } = Path.GetFullPath(workDir);

    public string RegistryDatabase => Path.Combine(WorkDir, "registry.db");

    public void EnsureCreated() => Directory.CreateDirectory(WorkDir);
}
