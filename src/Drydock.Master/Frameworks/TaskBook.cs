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

    // Indexes by agent and by framework, so what concerns one agent or one framework costs its own tasks, not all.
    private readonly object _indexGate = new();
    private readonly Dictionary<string, Dictionary<(string Framework, string Task), TrackedTask>> _byAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<(string Framework, string Task), TrackedTask>> _byFramework = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Resource>> _heldByFramework = new(StringComparer.Ordinal);

    public IReadOnlyCollection<TrackedTask> Tasks => _tasks.Values.ToArray();

    /// <summary>The tasks the master holds on one agent, in any state.</summary>
    public IReadOnlyList<TrackedTask> OnAgent(string agentId)
    {
        lock (_indexGate)
        {
            return _byAgent.TryGetValue(agentId, out var tasks) ? tasks.Values.ToArray() : [];
        }
    }

    /// <summary>The tasks the master holds of one framework, in any state.</summary>
    public IReadOnlyList<TrackedTask> OfFramework(string frameworkId)
    {
        lock (_indexGate)
        {
            return _byFramework.TryGetValue(frameworkId, out var tasks) ? tasks.Values.ToArray() : [];
        }
    }

    /// <summary>Resources held on one agent by its tasks not yet terminal.</summary>
    public IReadOnlyList<Resource> UsedOn(string agentId) => Used(_byAgent, agentId);

    /// <summary>Resources held by one framework's tasks not yet terminal.</summary>
    public IReadOnlyList<Resource> UsedBy(string frameworkId) => Used(_byFramework, frameworkId);

    /// <summary>
    /// <see cref="UsedBy"/> merged (one resource per name and role), kept until one of the framework's tasks changes:
    /// an allocation cycle asks for every framework's holdings, and most have not changed since the last one.
    /// </summary>
    public IReadOnlyList<Resource> HeldBy(string frameworkId)
    {
        lock (_indexGate)
        {
            if (!_heldByFramework.TryGetValue(frameworkId, out var held))
            {
                _heldByFramework[frameworkId] = held = ResourceMath.Merge(Used(_byFramework, frameworkId));
            }

            return held;
        }
    }

    /// <summary>
    /// Raised after a task is added (true) or its state changes (false), with the status that changed it when there is
    /// one. Handlers must not throw (the operator event stream listens here).
    /// </summary>
    public event Action<TrackedTask, TaskStatusMessage?, bool>? Changed;

    public static bool IsTerminal(string state) => Terminal.Contains(state);

    public void Launched(string frameworkId, TaskInfoMessage task, double timestamp)
    {
        var launched = new TrackedTask(frameworkId, task.TaskId, task.Name, task.AgentId, task.Resources, "TASK_STAGING", [("TASK_STAGING", timestamp)]);
        Store(launched);
        Changed?.Invoke(launched, null, true);
    }

    /// <summary>Records a task an agent reported on re-registration, in the state the agent last gave it.</summary>
    public TrackedTask Restore(string frameworkId, TaskInfoMessage task, string agentId, string state, double timestamp)
    {
        var statuses = _tasks.TryGetValue((frameworkId, task.TaskId), out var known) ? known.Statuses : [];
        var restored = new TrackedTask(frameworkId, task.TaskId, task.Name, agentId, task.Resources, state, [.. statuses, (state, timestamp)]);
        Store(restored);
        Changed?.Invoke(restored, null, known is null);
        return restored;
    }

    public TrackedTask? Find(string frameworkId, string taskId) => _tasks.GetValueOrDefault((frameworkId, taskId));

    /// <summary>Records a status; returns the task as it is now (null for a task the master does not know).</summary>
    public TrackedTask? Update(string frameworkId, TaskStatusMessage status)
    {
        TrackedTask updated;
        lock (_indexGate)
        {
            // Read, check and store at once: a concurrent Forget or update cannot slip in between.
            if (!_tasks.TryGetValue((frameworkId, status.TaskId), out var task))
            {
                return null;
            }

            if (IsTerminal(task.State) && !IsTerminal(status.State))
            {
                // A late duplicate (updates are at least once) does not bring an ended task back.
                return task;
            }

            if (status.Uuid is { } uuid && uuid == task.LatestUuid)
            {
                // The agent resent an update the framework has not acknowledged yet: the task has not changed.
                return task;
            }

            var verdict = status.Uuid is null && status.Source == "SOURCE_MASTER" && Verdicts.Contains(status.State);
            updated = task with
            {
                State = status.State,
                Statuses = [.. task.Statuses, (status.State, status.Timestamp)],
                MasterVerdict = verdict,
                LatestUuid = status.Uuid ?? task.LatestUuid,
            };
            Store(updated);
        }

        Changed?.Invoke(updated, status, false);
        return updated;
    }

    /// <summary>Raised after a task left the books (its terminal update was acknowledged). Handlers must not throw.</summary>
    public event Action<TrackedTask>? Forgotten;

    /// <summary>The task's terminal update was acknowledged: it leaves the books.</summary>
    public void Forget(string frameworkId, string taskId)
    {
        TrackedTask? task;
        lock (_indexGate)
        {
            if (!_tasks.TryRemove((frameworkId, taskId), out task))
            {
                return;
            }

            Unindex(_byAgent, task.AgentId, task);
            Unindex(_byFramework, task.FrameworkId, task);
            _heldByFramework.Remove(task.FrameworkId);
        }

        Forgotten?.Invoke(task);
    }

    private static void Unindex(Dictionary<string, Dictionary<(string Framework, string Task), TrackedTask>> index, string key, TrackedTask task)
    {
        if (index.TryGetValue(key, out var tasks) && tasks.Remove((task.FrameworkId, task.TaskId)) && tasks.Count == 0)
        {
            index.Remove(key);
        }
    }

    private static void Index(Dictionary<string, Dictionary<(string Framework, string Task), TrackedTask>> index, string key, TrackedTask task)
    {
        if (!index.TryGetValue(key, out var tasks))
        {
            index[key] = tasks = [];
        }

        tasks[(task.FrameworkId, task.TaskId)] = task;
    }

    private void Store(TrackedTask task)
    {
        var key = (task.FrameworkId, task.TaskId);
        lock (_indexGate)
        {
            if (_tasks.TryGetValue(key, out var before) && before.AgentId != task.AgentId)
            {
                Unindex(_byAgent, before.AgentId, before);
            }

            _tasks[key] = task;
            Index(_byAgent, task.AgentId, task);
            Index(_byFramework, task.FrameworkId, task);
            _heldByFramework.Remove(task.FrameworkId);
        }
    }

    private Resource[] Used(Dictionary<string, Dictionary<(string Framework, string Task), TrackedTask>> index, string key)
    {
        lock (_indexGate)
        {
            return index.TryGetValue(key, out var tasks)
                ? tasks.Values.Where(t => !IsTerminal(t.State)).SelectMany(t => t.Resources).ToArray()
                : [];
        }
    }

    /// <summary>Resources held by tasks not yet terminal, per agent.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> UsedByAgent() => _tasks.Values
        .Where(t => !IsTerminal(t.State))
        .GroupBy(t => t.AgentId)
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

    /// <summary>The uuid of the latest agent update recorded, so a resend of it is recognised and not recorded twice.</summary>
    public string? LatestUuid { get; init; }
}
