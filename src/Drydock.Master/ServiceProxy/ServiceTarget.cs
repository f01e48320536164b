namespace Drydock.Master.ServiceProxy;

/// <summary>
/// Where <c>/service/{name}/…</c> goes: the framework chosen for the name and its web UI's base URL, or why there is
/// none (<see cref="Url"/> null and <see cref="Problem"/> saying why).
/// </summary>
internal sealed record ServiceTarget(string Name, string? FrameworkId, Uri? Url, string? Problem)
{
    public static ServiceTarget Found(string name, string frameworkId, Uri url) => new(name, frameworkId, url, null);

    public static ServiceTarget Missing(string name, string? frameworkId, string problem) => new(name, frameworkId, null, problem);
}
