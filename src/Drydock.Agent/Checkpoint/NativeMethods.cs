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
}
