using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Drydock.Platform;

/// <summary>
/// An exclusive <c>flock(2)</c> on <c>&lt;work_dir&gt;/drydock.lock</c>, held for the life of a master, an agent or a dev
/// cluster, so a second process on the same work dir stops at once instead of sharing its state. The file holds the
/// holder's pid (for the message the next one prints). The lock goes with the process, whatever way it ends; the file
/// stays (removing it would let two processes lock two different files of the same name).
/// </summary>
/// <remarks>
/// The descriptor is opened close-on-exec, so processes started meanwhile (task supervisors, which outlive an agent)
/// never hold it. The calls are libc's own: .NET's file APIs take a shared <c>flock</c> of their own on every open.
/// </remarks>
public sealed class WorkDirLock : IDisposable
{
    /// <summary>The lock file's name in the work dir.</summary>
    public const string FileName = "drydock.lock";

    private const int ReadWrite = 0x2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11;

    private int _fd;

    private WorkDirLock(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates <paramref name="workDir"/> if needed and locks it; throws <see cref="WorkDirInUseException"/> when another
    /// process holds it, <see cref="IOException"/> when the lock file cannot be opened.
    /// </summary>
    public static WorkDirLock Acquire(string workDir)
    {
        var dir = System.IO.Path.GetFullPath(workDir);
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, FileName);
        var fd = NativeMethods.Open(path, ReadWrite | Create | CloseOnExec, Convert.ToInt32("644", 8));
        if (fd < 0)
        {
            throw new IOException($"cannot open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        if (NativeMethods.Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            var message = Marshal.GetLastPInvokeErrorMessage();
            var holder = ReadPid(fd);
            _ = NativeMethods.Close(fd);
            throw error == WouldBlock
                ? new WorkDirInUseException(dir, holder)
                : new IOException($"cannot lock {path}: {message}");
        }

        var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        _ = NativeMethods.Ftruncate(fd, 0);
        _ = NativeMethods.Pwrite(fd, pid, pid.Length, 0);
        return new WorkDirLock(fd, path);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = NativeMethods.Close(fd);
        }
    }

    private static int? ReadPid(int fd)
    {
        var buffer = new byte[32];
        var read = NativeMethods.Pread(fd, buffer, buffer.Length, 0);
        return read > 0 && int.TryParse(Encoding.ASCII.GetString(buffer, 0, (int)read).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }
}
