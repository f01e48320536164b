using System.Globalization;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// The task processes an agent's work dir names: each run's <c>task.pid</c> with the start time the supervisor recorded
/// beside it (<c>task.start</c>), so a test can tell whether that very process still lives.
/// </summary>
internal static class TaskProcesses
{
    /// <summary>Every recorded task process under <paramref name="workDir"/>: its run folder, pid and start time.</summary>
    public static IReadOnlyList<(string Run, int Pid, string Start)> Under(string workDir) =>
        Directory.Exists(workDir)
            ? Directory.EnumerateFiles(workDir, "task.start", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .Select(start => Path.GetDirectoryName(start)!)
                .Where(run => File.Exists(Path.Combine(run, "task.pid")))
                .Select(run => (
                    run,
                    int.Parse(File.ReadAllText(Path.Combine(run, "task.pid")).Trim(), CultureInfo.InvariantCulture),
                    File.ReadAllText(Path.Combine(run, "task.start")).Split(' ')[1].Trim()))
                .ToArray()
            : [];

    /// <summary>
    /// Waits for the one recorded process of the task <paramref name="taskId"/> (the supervisor writes it just after the
    /// task starts, which may be after its TASK_RUNNING was sent).
    /// </summary>
    public static async Task<(string Run, int Pid, string Start)> WaitForAsync(string workDir, string taskId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = Under(workDir).Where(p => p.Run.Contains("/executors/" + taskId + "/", StringComparison.Ordinal)).ToArray();
            if (found.Length == 1)
            {
                return found[0];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Task {taskId} has {found.Length} recorded processes under {workDir}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>True while the process with this pid and start time lives (a zombie or a reused pid does not count).</summary>
    public static bool IsAlive(int pid, string start) => StartOf(pid) == start;

    /// <summary>/proc/&lt;pid&gt;/stat field 22 of a live process, or null.</summary>
    public static string? StartOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] is "Z" or "X" ? null : fields[19];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
