using System.Runtime.InteropServices;

namespace Drydock.Platform;

/// <summary>The libc calls of <see cref="WorkDirLock"/>.</summary>
internal static class NativeMethods
{
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static extern int Flock(int fd, int operation);

    [DllImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static extern int Ftruncate(int fd, long length);

    [DllImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    public static extern nint Pwrite(int fd, byte[] buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static extern nint Pread(int fd, byte[] buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);
}
