namespace Drydock.Agent.Fetch;

/// <summary>
/// Places a relative name (an <c>output_file</c>, an archive entry, a link's target) inside a sandbox, refusing any that
/// would land outside it: absolute names, <c>..</c> that climbs out, the sandbox itself, and names whose folder leads
/// out through a link. A folder is checked by its real path (every link on it followed, as the kernel would), so an
/// archive cannot write through a link it made earlier, whatever that link was made to look like.
/// </summary>
internal static class SandboxPath
{
    private const int MaxLinkHops = 40;

    /// <summary>
    /// The path to write <paramref name="name"/> to: its folder's real path (inside the sandbox) and its own name, which
    /// the caller replaces rather than follows if it is a link.
    /// </summary>
    public static string Place(string root, string name, string what)
    {
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new FetchFailedException($"{what} has an empty or invalid name");
        }

        if (Path.IsPathRooted(name))
        {
            throw new FetchFailedException($"{what} '{name}' is an absolute path; it must stay inside the sandbox");
        }

        var lexical = Path.GetFullPath(Path.Combine(root, name));
        if (!IsInside(root, lexical))
        {
            throw new FetchFailedException($"{what} '{name}' would be written outside the sandbox");
        }

        if (lexical == Path.TrimEndingDirectorySeparator(root))
        {
            throw new FetchFailedException($"{what} '{name}' names the sandbox itself, not a file in it");
        }

        var folder = RealPath(Path.GetDirectoryName(lexical)!);
        if (!IsInside(RealPath(root), folder))
        {
            throw new FetchFailedException($"{what} '{name}' would be written outside the sandbox through a link");
        }

        return Path.Join(folder, Path.GetFileName(lexical));
    }

    /// <summary>True when <paramref name="full"/> is <paramref name="root"/> or below it.</summary>
    public static bool IsInside(string root, string full)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return full == trimmed || full.StartsWith(trimmed + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>
    /// <paramref name="path"/> (absolute) with every link on it followed and <c>.</c>/<c>..</c> applied in order, as the
    /// kernel resolves it; parts that do not exist yet are kept as they are.
    /// </summary>
    public static string RealPath(string path)
    {
        var pending = new Stack<string>(path.Split('/').Reverse());
        var current = "/";
        var hops = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Join(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new FetchFailedException($"Too many levels of links at '{next}'");
                }

                foreach (var targetPart in target.Split('/').Reverse())
                {
                    pending.Push(targetPart);
                }

                current = Path.IsPathRooted(target) ? "/" : current;
                continue;
            }

            current = next;
        }

        return current;
    }
}
