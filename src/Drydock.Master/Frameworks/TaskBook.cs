using System.Collections.Concurrent;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Frameworks;

/// <summary>
/// The master's view of tasks: launched through ACCEPT, updated by the agents' status updates. As in Mesos the master
/// does not store tasks; the agents are the source of truth.
/// </summary>
internal sealed class TaskBook
{
    private static readonly HashSet<string> Terminal = ["TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR"];

    private static readonly HashSet<string> Verdicts = ["TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNREACHABLE", "TASK_UNKNOWN"];

    private readonly ConcurrentDictionary<(string Framework, string Task), TrackedTask> _tasks = new();

    public IReadOnlyCollection<TrackedTask> Tasks => _tasks.Values.ToArray();

    /// <summary>
    /// Raised after a task is added (true) or its state changes (false), with the status that changed it when there is
    /// one. Handlers must not throw (the operator event stream listens here).
    /// </summary>
    public event Action<TrackedTask, TaskStatusMessage?, bool>? Changed;

    public static bool IsTerminal(string state) => Terminal.Contains(state);

    public void Launched(string frameworkId, TaskInfoMessage task, double timestamp)
    {
        var launched = new TrackedTask(frameworkId, task.TaskId, task.Name, task.AgentId, task.Resources, "TASK_STAGING", [("TASK_STAGING", timestamp)]);
        _tasks[(frameworkId, task.TaskId)] = launched;
        Changed?.Invoke(launched, null, true);
    }

    /// <summary>Records a task an agent reported on re-registration, in the state the agent last gave it.</summary>
    public TrackedTask Restore(string frameworkId, TaskInfoMessage task, string agentId, string state, double timestamp)
    {
        var statuses = _tasks.TryGetValue((frameworkId, task.TaskId), out var known) ? known.Statuses : [];
        var restored = new TrackedTask(frameworkId, task.TaskId, task.Name, agentId, task.Resources, state, [.. statuses, (state, timestamp)]);
        _tasks[(frameworkId, task.TaskId)] = restored;
        Changed?.Invoke(restored, null, known is null);
        return restored;
    }

    public TrackedTask? Find(string frameworkId, string taskId) => _tasks.GetValueOrDefault((frameworkId, taskId));

    /// <summary>Records a status; returns the task as it is now (null for a task the master does not know).</summary>
    public TrackedTask? Update(string frameworkId, TaskStatusMessage status)
    {
        if (!_tasks.TryGetValue((frameworkId, status.TaskId), out var task))
        {
            return null;
        }

        if (IsTerminal(task.State) && !IsTerminal(status.State))
        {
            // A late duplicate (updates are at least once) does not bring an ended task back.
            return task;
        }

        var verdict = status.Uuid is null && status.Source == "SOURCE_MASTER" && Verdicts.Contains(status.State);
        var updated = task with { State = status.State, Statuses = [.. task.Statuses, (status.State, status.Timestamp)], MasterVerdict = verdict };
        _tasks[(frameworkId, status.TaskId)] = updated;
        Changed?.Invoke(updated, status, false);
        return updated;
    }

    /// <summary>Raised after a task left the books (its terminal update was acknowledged). Handlers must not throw.</summary>
    public event Action<TrackedTask>? Forgotten;

    /// <summary>The task's terminal update was acknowledged: it leaves the books.</summary>
    public void Forget(string frameworkId, string taskId)
    {
        if (_tasks.TryRemove((frameworkId, taskId), out var task))
        {
            Forgotten?.Invoke(task);
        }
    }

    /// <summary>Resources held by tasks not yet terminal, per agent.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> UsedByAgent() => _tasks.Values
        .Where(t => !IsTerminal(t.State))
        .GroupBy(t => t.AgentId)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<Resource>)g.SelectMany(t => t.Resources).ToArray());

    /// <summary>Resources held by tasks not yet terminal, per framework.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> UsedByFramework() => _tasks.Values
        .Where(t => !IsTerminal(t.State))
        .GroupBy(t => t.FrameworkId)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<Resource>)g.SelectMany(t => t.Resources).ToArray());
}

/// <summary>A task as the master tracks it.</summary>
internal sealed record TrackedTask(
    string FrameworkId,
    string TaskId,
    string Name,
    string AgentId,
    IReadOnlyList<Resource> Resources,
    string State,
    IReadOnlyList<(string State, double Timestamp)> Statuses)
{
    /// <summary>
    /// The latest state is the master's own verdict that the agent does not run the task (lost, dropped, gone,
    /// unreachable, unknown): no agent will send an update for it to be acknowledged.
    /// </summary>
    public bool MasterVerdict { get; init; }
}
