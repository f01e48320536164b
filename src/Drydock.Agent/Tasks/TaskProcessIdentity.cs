using System.Globalization;

namespace Drydock.Agent.Tasks;

/// <summary>
/// Who a task's process is: its pid together with the boot it ran in and its start time (<c>/proc/&lt;pid&gt;/stat</c>
/// field 22, clock ticks since boot), as the supervisor records them in <c>task.start</c>. A pid alone may have been
/// reused by an unrelated process; the three together cannot be.
/// </summary>
internal sealed record TaskProcessIdentity(int Pid, string BootId, long StartTicks)
{
    /// <summary>Reads a run's recorded identity; null when the task's pid or start was never recorded (or is unreadable).</summary>
    public static TaskProcessIdentity? Read(TaskRunPaths run)
    {
        try
        {
            if (!File.Exists(run.TaskPid) || !File.Exists(run.TaskStart)
                || !int.TryParse(File.ReadAllText(run.TaskPid).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
            {
                return null;
            }

            var parts = File.ReadAllText(run.TaskStart).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)
                ? new TaskProcessIdentity(pid, parts[0], ticks)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True while this very process lives (not a zombie): same boot, same pid, same start time.</summary>
    public bool IsAlive(string currentBootId) =>
        BootId == currentBootId && StartTicksOf(Pid) is { } ticks && ticks == StartTicks;

    /// <summary>The start time of a live process, or null when there is none with that pid (or it is a zombie).</summary>
    public static long? StartTicksOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses; the fields after the last ')' are plain.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && fields[0] != "Z" && fields[0] != "X"
            && long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;
    }
}
