namespace Drydock.Agent.Files;

/// <summary>
/// Browse, read and download within the sandboxes, with Mesos's rules (<c>src/files/files.cpp</c>): a listing is sorted
/// by name and shows only what lies in the sandbox; a read at or past the end returns no data and the size; a read returns at most 16 memory pages.
/// </summary>
internal sealed class SandboxFiles(SandboxPaths paths)
{
    /// <summary>The most a single read returns: 16 memory pages, as Mesos.</summary>
    public static int MaxReadLength { get; } = Environment.SystemPageSize * 16;

    /// <summary>The entries of a directory; a file lists as nothing (Mesos lists only directories).</summary>
    public FileOutcome<IReadOnlyList<FileEntry>> Browse(string path)
    {
        if (paths.Resolve(path) is not { } real)
        {
            return FileOutcome<IReadOnlyList<FileEntry>>.NotFound();
        }

        var entries = new List<FileEntry>();
        if (Directory.Exists(real))
        {
            var prefix = path.TrimEnd('/');
            foreach (var full in Directory.EnumerateFileSystemEntries(real).Order(StringComparer.Ordinal))
            {
                // Left out: an entry that cannot be stat-ed (a dangling link, as Mesos does), and a link that leads out of
                // the sandbox (its target's size and times are not the sandbox's to tell).
                var entry = prefix + "/" + Path.GetFileName(full);
                if (paths.Resolve(entry) is { } target && FileStat.Of(target) is { } stat)
                {
                    entries.Add(new FileEntry(entry, stat));
                }
            }
        }

        return FileOutcome<IReadOnlyList<FileEntry>>.Ok(entries);
    }

    /// <summary>
    /// Reads up to <paramref name="length"/> bytes (all that is left when null, capped at <see cref="MaxReadLength"/>)
    /// from <paramref name="offset"/>, which is not negative.
    /// </summary>
    public FileOutcome<FileChunk> Read(string path, long offset, long? length)
    {
        if (paths.Resolve(path) is not { } real)
        {
            return FileOutcome<FileChunk>.NotFound();
        }

        if (Directory.Exists(real))
        {
            return FileOutcome<FileChunk>.Invalid("Cannot read a directory.\n");
        }

        try
        {
            using var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var size = stream.Length;
            var wanted = Math.Min(length ?? size - offset, MaxReadLength);
            if (offset >= size || wanted <= 0)
            {
                return FileOutcome<FileChunk>.Ok(new FileChunk(size, []));
            }

            stream.Seek(offset, SeekOrigin.Begin);
            var data = new byte[(int)Math.Min(wanted, size - offset)];
            var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            return FileOutcome<FileChunk>.Ok(new FileChunk(size, read == data.Length ? data : data[..read]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileOutcome<FileChunk>.Unknown($"Failed to open file at '{real}': {e.Message}.\n");
        }
    }

    /// <summary>The real path of a file to download.</summary>
    public FileOutcome<string> Download(string path)
    {
        if (paths.Resolve(path) is not { } real)
        {
            return FileOutcome<string>.NotFound();
        }

        return Directory.Exists(real) ? FileOutcome<string>.Invalid("Cannot download a directory.\n") : FileOutcome<string>.Ok(real);
    }
}
