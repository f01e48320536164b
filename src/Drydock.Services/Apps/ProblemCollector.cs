namespace Drydock.Services.Apps;

/// <summary>
/// Gathers every error of a request body, grouped by path in the order the paths were first seen (Marathon reports all
/// of them at once, never only the first). The same message is kept once per path.
/// </summary>
internal sealed class ProblemCollector
{
    private readonly List<(string Path, List<string> Errors)> _groups = [];

    public bool HasErrors => _groups.Count > 0;

    /// <summary>Records <paramref name="error"/> at <paramref name="path"/>; an empty path is the root (<c>/</c>).</summary>
    public void Add(string path, string error)
    {
        var at = path.Length == 0 ? "/" : path;
        foreach (var (groupPath, errors) in _groups)
        {
            if (groupPath == at)
            {
                if (!errors.Contains(error))
                {
                    errors.Add(error);
                }

                return;
            }
        }

        _groups.Add((at, [error]));
    }

    /// <summary>Records every error of <paramref name="other"/>, its paths put under <paramref name="prefix"/> (<c>/(2)</c>, …).</summary>
    public void AddAll(ProblemCollector other, string prefix = "")
    {
        foreach (var (path, errors) in other._groups)
        {
            var at = prefix.Length == 0 ? path : path == "/" ? prefix : prefix + path;
            foreach (var error in errors)
            {
                Add(at, error);
            }
        }
    }

    public IReadOnlyList<ProblemDetail> ToDetails() => _groups.Select(g => new ProblemDetail(g.Path, g.Errors.ToArray())).ToArray();
}
