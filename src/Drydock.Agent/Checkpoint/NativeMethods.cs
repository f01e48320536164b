using System.Runtime.InteropServices;

namespace Drydock.Agent.Checkpoint;

/// <summary>The few libc calls .NET has no managed form for.</summary>
internal static class NativeMethods
{
    /// <summary><c>O_RDONLY | O_DIRECTORY</c> on Linux.</summary>
    public const int ReadOnlyDirectory = 0x10000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    public static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    /// <summary>kill(2): a negative pid signals the whole process group.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    /// <summary><c>AT_FDCWD</c>: paths given to <c>statx</c> are taken as they are.</summary>
    public const int AtCurrentDirectory = -100;

    /// <summary><c>STATX_BASIC_STATS</c>.</summary>
    public const uint StatxBasicStats = 0x7ff;

    /// <summary>The size of <c>struct statx</c>, the same on every Linux architecture.</summary>
    public const int StatxSize = 256;

    /// <summary>realpath(3) with a buffer it allocates; the result is freed with <see cref="Free"/>.</summary>
    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    public static extern IntPtr RealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    public static extern void Free(IntPtr pointer);

    /// <summary>statx(2): follows symbolic links (no AT_SYMLINK_NOFOLLOW), as stat(2).</summary>
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static extern int Statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
