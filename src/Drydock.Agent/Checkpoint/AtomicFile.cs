using System.Runtime.InteropServices;

namespace Drydock.Agent.Checkpoint;

/// <summary>
/// Writes that are all-or-nothing across a crash: the data goes to a temporary file in the same folder, is flushed
/// to disk, and is then renamed over the target; the folder is flushed too so the rename itself is durable.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="data"/> in one step. With <paramref name="durable"/> (the
    /// default) the data and the rename are flushed to disk before returning; without, a crash of the process still
    /// leaves the old or the new content, but a crash of the machine may leave neither.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> data, bool durable = true)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: durable);
            }

            File.Move(temp, path, overwrite: true);
            if (durable)
            {
                FlushDirectory(directory);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text, bool durable = true) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text), durable);

    /// <summary>Points <paramref name="link"/> at <paramref name="target"/>, replacing any old link atomically.</summary>
    public static void ReplaceSymlink(string link, string target)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(link))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(link)}.{Guid.NewGuid():N}.tmp");
        File.CreateSymbolicLink(temp, target);
        try
        {
            // rename(2) replaces the old link in one step. File.Move cannot be used: it follows a link to a directory.
            if (NativeMethods.Rename(temp, link) != 0)
            {
                throw new IOException($"Failed to point '{link}' at '{target}' (errno {Marshal.GetLastPInvokeError()})");
            }

            FlushDirectory(directory);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // .NET cannot open a directory as a file; fsync(2) on an O_RDONLY|O_DIRECTORY descriptor makes the rename durable.
        var fd = NativeMethods.Open(directory, NativeMethods.ReadOnlyDirectory);
        if (fd < 0)
        {
            return;
        }

        _ = NativeMethods.Fsync(fd);
        _ = NativeMethods.Close(fd);
    }
}
