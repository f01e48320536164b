namespace Drydock.Services.Apps;

/// <summary>
/// An absolute app or group id such as <c>/prod/web</c> (Marathon's PathId): segments joined by <c>/</c>, always with
/// the leading slash; the root is <c>/</c>. Validation of the segments is the Apps reader's, not this type's.
/// </summary>
internal readonly record struct PathId
{
    public static readonly PathId Root = new("/");

    private PathId(string value) => Value = value;

    /// <summary>The absolute form, e.g. <c>/prod/web</c>.</summary>
    public string Value { get; }

    public bool IsRoot => Value == "/";

    public IReadOnlyList<string> Segments => IsRoot ? [] : Value[1..].Split('/');

    /// <summary>The group the id is in (the root for a top-level app).</summary>
    public PathId Parent => IsRoot ? Root : FromSegments(Segments.Take(Segments.Count - 1));

    /// <summary>Marathon's "safe" form used in task ids: no leading slash, the rest of the slashes as <c>_</c>.</summary>
    public string Safe => string.Join('_', Segments);

    /// <summary>
    /// Resolves <paramref name="text"/> against <paramref name="relativeTo"/> (the root by default): empty segments are
    /// dropped, <c>.</c> stays, <c>..</c> goes up. A path ending in a slash names the same id as without it.
    /// </summary>
    public static PathId Parse(string text, PathId? relativeTo = null)
    {
        var segments = new List<string>();
        if (!text.StartsWith('/') && relativeTo is { } basis)
        {
            segments.AddRange(basis.Segments);
        }

        foreach (var segment in text.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (segment)
            {
                case ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        return FromSegments(segments);
    }

    public static PathId FromSegments(IEnumerable<string> segments)
    {
        var joined = string.Join('/', segments);
        return new PathId("/" + joined);
    }

    /// <summary>Whether this id is <paramref name="group"/> or lies under it.</summary>
    public bool IsUnder(PathId group) => group.IsRoot || Value == group.Value || Value.StartsWith(group.Value + "/", StringComparison.Ordinal);

    public override string ToString() => Value;
}
