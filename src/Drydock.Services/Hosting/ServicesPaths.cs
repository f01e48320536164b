namespace Drydock.Services.Hosting;

/// <summary>
/// The layout of the scheduler's work dir, the only place <c>drydock services</c> writes to:
/// <code>
/// &lt;work_dir&gt;/
///   drydock.lock   held (flock) for the process's whole life; holds its pid
///   services.db    durable state (SQLite, WAL): framework id, apps and versions, deployments, instances
/// </code>
/// </summary>
internal sealed class ServicesPaths(string workDir)
{
    public string WorkDir { get; } = Path.GetFullPath(workDir);

    public string Database => Path.Combine(WorkDir, "services.db");

    public void EnsureCreated() => Directory.CreateDirectory(WorkDir);
}
