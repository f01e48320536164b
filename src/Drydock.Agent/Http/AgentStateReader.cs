using System.Text;
using System.Text.Json;
using Drydock.Agent.Checkpoint;
using Drydock.Agent.Tasks;

namespace Drydock.Agent.Http;

/// <summary>
/// Reads the agent's frameworks, executors and tasks from its checkpoints (<see cref="TaskRunPaths"/>), for
/// <c>/state</c> and GET_STATE. It only reads: a line of <c>task.updates</c> still being written is skipped, never cut.
/// </summary>
internal sealed class AgentStateReader(AgentPaths paths)
{
    public (IReadOnlyList<FrameworkRecord> Frameworks, IReadOnlyList<ExecutorRun> Runs) Read(string? agentId)
    {
        if (agentId is null)
        {
            return ([], []);
        }

        var frameworksDir = Path.Combine(paths.AgentMetaDir(agentId), "frameworks");
        if (!Directory.Exists(frameworksDir))
        {
            return ([], []);
        }

        var frameworks = new List<FrameworkRecord>();
        var runs = new List<ExecutorRun>();
        foreach (var frameworkDir in Directory.EnumerateDirectories(frameworksDir).Order(StringComparer.Ordinal))
        {
            var frameworkId = Path.GetFileName(frameworkDir);
            var infoFile = paths.FrameworkInfoFile(agentId, frameworkId);
            frameworks.Add(FrameworkRecord.Read(frameworkId, File.Exists(infoFile) ? TryReadText(infoFile) : null));
            var executors = Path.Combine(frameworkDir, "executors");
            if (!Directory.Exists(executors))
            {
                continue;
            }

            foreach (var runDir in Directory.EnumerateDirectories(executors, "*", SearchOption.AllDirectories))
            {
                if (ReadRun(agentId, frameworkId, runDir) is { } run)
                {
                    runs.Add(run);
                }
            }
        }

        return (frameworks, runs.OrderBy(r => r.Statuses.Count > 0 ? r.Statuses[0].Timestamp : double.MaxValue).ToArray());
    }

    private ExecutorRun? ReadRun(string agentId, string frameworkId, string metaDir)
    {
        var infoFile = Path.Combine(metaDir, "task.info");
        if (Path.GetFileName(Path.GetDirectoryName(metaDir)) != "runs" || !File.Exists(infoFile) || TryReadText(infoFile) is not { } text)
        {
            return null;
        }

        TaskLaunch? launch;
        try
        {
            launch = JsonSerializer.Deserialize(text, AgentJsonContext.Default.TaskLaunch);
        }
        catch (JsonException)
        {
            return null;
        }

        if (launch is null)
        {
            return null;
        }

        var containerId = Path.GetFileName(metaDir);
        var run = TaskRunPaths.For(paths, agentId, frameworkId, launch.TaskId, containerId);
        return new ExecutorRun(frameworkId, launch.TaskId, containerId, run.Sandbox, launch, ReadStatuses(run.Updates), File.Exists(Path.Combine(metaDir, "reported")));
    }

    private static List<RecordedStatus> ReadStatuses(string path)
    {
        var statuses = new List<RecordedStatus>();
        if (TryReadText(path) is not { } text)
        {
            return statuses;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var record = JsonDocument.Parse(line);
                if (record.RootElement.TryGetProperty("update", out var update) && update.ValueKind == JsonValueKind.Object)
                {
                    var state = update.TryGetProperty("state", out var s) ? s.GetString() : null;
                    var timestamp = update.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : 0;
                    statuses.Add(new RecordedStatus(state ?? "TASK_STAGING", timestamp, update.GetRawText()));
                }
            }
            catch (JsonException)
            {
                // The last line may be half written while the agent appends it.
            }
        }

        return statuses;
    }

    private static string? TryReadText(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
