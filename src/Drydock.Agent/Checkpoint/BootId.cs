namespace Drydock.Agent.Checkpoint;

/// <summary>The host's boot id, which changes on every reboot (Linux: <c>/proc/sys/kernel/random/boot_id</c>).</summary>
internal static class BootId
{
    public static string Current()
    {
        const string path = "/proc/sys/kernel/random/boot_id";
        return File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";
    }
}
