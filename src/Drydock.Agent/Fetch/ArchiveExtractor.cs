using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Drydock.Agent.Fetch;

/// <summary>
/// Unpacks a fetched archive into the sandbox, as Mesos's fetcher does for the names it knows: <c>.tar</c>,
/// <c>.tar.gz</c>/<c>.tgz</c>, <c>.tar.bz2</c>/<c>.tbz2</c>, <c>.tar.xz</c>/<c>.txz</c>, <c>.zip</c>, and <c>.gz</c> (gunzipped
/// beside it). Every entry is placed by <see cref="SandboxPath"/>, and a link may only point inside the sandbox, so no
/// archive writes outside it (not even through a link it made). bzip2 and xz are decompressed by the system's
/// <c>bzip2</c>/<c>xz</c>; the tar itself is always read here.
/// </summary>
internal static class ArchiveExtractor
{
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;

    /// <summary>Whether <paramref name="fileName"/> names an archive this extractor unpacks.</summary>
    public static bool IsArchive(string fileName) => KindOf(fileName) is not null;

    /// <summary>Unpacks <paramref name="archive"/> (a file in <paramref name="sandbox"/>) into the sandbox.</summary>
    public static async Task ExtractAsync(string archive, string sandbox, CancellationToken cancellationToken)
    {
        switch (KindOf(Path.GetFileName(archive)))
        {
            case "tar":
                await using (var file = File.OpenRead(archive))
                {
                    await ExtractTarAsync(file, sandbox, cancellationToken);
                }

                break;
            case "tar.gz":
                await using (var file = File.OpenRead(archive))
                await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
                {
                    await ExtractTarAsync(gzip, sandbox, cancellationToken);
                }

                break;
            case "tar.bz2":
                await ExtractThroughAsync("bzip2", archive, sandbox, cancellationToken);
                break;
            case "tar.xz":
                await ExtractThroughAsync("xz", archive, sandbox, cancellationToken);
                break;
            case "zip":
                ExtractZip(archive, sandbox);
                break;
            case "gz":
                await GunzipAsync(archive, cancellationToken);
                break;
        }
    }

    private static string? KindOf(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        return name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".tgz", StringComparison.Ordinal) ? "tar.gz"
            : name.EndsWith(".tar.bz2", StringComparison.Ordinal) || name.EndsWith(".tbz2", StringComparison.Ordinal) || name.EndsWith(".tbz", StringComparison.Ordinal) ? "tar.bz2"
            : name.EndsWith(".tar.xz", StringComparison.Ordinal) || name.EndsWith(".txz", StringComparison.Ordinal) ? "tar.xz"
            : name.EndsWith(".tar", StringComparison.Ordinal) ? "tar"
            : name.EndsWith(".zip", StringComparison.Ordinal) ? "zip"
            : name.EndsWith(".gz", StringComparison.Ordinal) && name.Length > 3 ? "gz"
            : null;
    }

    private static async Task ExtractTarAsync(Stream stream, string sandbox, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(stream);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var name = entry.Name.TrimEnd('/');
            if (name.Length == 0 || name == ".")
            {
                continue;
            }

            var path = SandboxPath.Place(sandbox, name, "Archive entry");
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    DeleteLink(path);
                    Directory.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    DeleteLink(path);
                    await entry.ExtractToFileAsync(path, overwrite: true, cancellationToken);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(path, (UnixFileMode)entry.Mode & PermissionBits);
                    }

                    break;
                case TarEntryType.SymbolicLink:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    var target = entry.LinkName;
                    // Followed from its own folder, the link must lead into the sandbox (writes are checked on their own
                    // too, so this keeps what the task and the file endpoints see inside as well).
                    if (Path.IsPathRooted(target) || !SandboxPath.IsInside(SandboxPath.RealPath(sandbox), SandboxPath.RealPath(Path.Join(Path.GetDirectoryName(path)!, target))))
                    {
                        throw new FetchFailedException($"Archive entry '{entry.Name}' is a link to '{target}', outside the sandbox");
                    }

                    DeleteLink(path);
                    File.Delete(path);
                    File.CreateSymbolicLink(path, target);
                    break;
                case TarEntryType.HardLink:
                    // A hard link names another entry of the archive, relative to the archive's root: its data is copied.
                    var source = SandboxPath.Place(sandbox, entry.LinkName, "Archive link target");
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    DeleteLink(path);
                    File.Copy(source, path, overwrite: true);
                    break;
                default:
                    // Devices, fifos and metadata entries are not a task's files.
                    break;
            }
        }
    }

    /// <summary>A link left by an earlier entry is replaced, never written through.</summary>
    private static void DeleteLink(string path)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }
    }

    private static async Task ExtractThroughAsync(string tool, string archive, string sandbox, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-dc");
        info.ArgumentList.Add(archive);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new FetchFailedException($"Could not start '{tool}' to decompress the archive");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new FetchFailedException($"Decompressing '{Path.GetFileName(archive)}' needs '{tool}' on the agent's PATH: {e.Message}");
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await ExtractTarAsync(process.StandardOutput.BaseStream, sandbox, cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (Exception) when (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                throw new FetchFailedException($"'{tool}' could not decompress the archive (exit status {process.ExitCode}): {(await errors).Trim()}");
            }
        }
    }

    private static void ExtractZip(string archive, string sandbox)
    {
        using var zip = ZipFile.OpenRead(archive);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName.Replace('\\', '/').TrimEnd('/');
            if (name.Length == 0 || name == ".")
            {
                continue;
            }

            var path = SandboxPath.Place(sandbox, name, "Archive entry");
            if (entry.FullName.EndsWith('/'))
            {
                DeleteLink(path);
                Directory.CreateDirectory(path);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            DeleteLink(path);
            entry.ExtractToFile(path, overwrite: true);
        }
    }

    private static async Task GunzipAsync(string archive, CancellationToken cancellationToken)
    {
        var target = archive[..^3];
        await using var file = File.OpenRead(archive);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        DeleteLink(target);
        await using var output = File.Create(target);
        await gzip.CopyToAsync(output, cancellationToken);
    }
}
