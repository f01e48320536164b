using System.Collections.Concurrent;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Frameworks;

/// <summary>
/// The master's view of tasks, as Mesos keeps it: launched through ACCEPT, updated by the agents' status updates. A task
/// stays among its framework's active tasks until it ends and its end is acknowledged (or, for an end the master declared
/// itself, at once); it then moves to the framework's completed tasks, at most <see cref="MaxCompletedPerFramework"/> of
/// them, the oldest dropped first. As in Mesos the master does not store tasks; the agents are the source of truth.
/// </summary>
internal sealed class TaskBook(int maxCompletedPerFramework = TaskBook.DefaultMaxCompletedPerFramework)
{
    /// <summary>Mesos's <c>--max_completed_tasks_per_framework</c> default.</summary>
    public const int DefaultMaxCompletedPerFramework = 1000;

    private static readonly HashSet<string> Terminal = ["TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR"];

    private static readonly HashSet<string> Verdicts = ["TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNREACHABLE", "TASK_UNKNOWN"];

    private readonly ConcurrentDictionary<(string Framework, string Task), TrackedTask> _tasks = new();

    // Indexes by agent and by framework, so what concerns one agent or one framework costs its own tasks, not all.
    private readonly object _indexGate = new();
    private readonly Dictionary<string, Dictionary<(string Framework, string Task), TrackedTask>> _byAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<(string Framework, string Task), TrackedTask>> _byFramework = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Resource>> _heldByFramework = new(StringComparer.Ordinal);

    // Each framework's completed tasks, oldest first (a bounded history, as Mesos's circular buffer).
    private readonly Dictionary<string, LinkedList<TrackedTask>> _completed = new(StringComparer.Ordinal);

    public int MaxCompletedPerFramework { get; } = maxCompletedPerFramework;

    /// <summary>The active tasks: not ended, or ended with the end not yet acknowledged, or unreachable.</summary>
    public IReadOnlyCollection<TrackedTask> Tasks => _tasks.Values.ToArray();

    /// <summary>Every framework's completed tasks, each framework's oldest first.</summary>
    public IReadOnlyList<TrackedTask> CompletedTasks
    {
        get
        {
            lock (_indexGate)
            {
                return _completed.Values.SelectMany(l => l).ToArray();
            }
        }
    }

    /// <summary>One framework's completed tasks, oldest first.</summary>
    public IReadOnlyList<TrackedTask> CompletedOf(string frameworkId)
    {
        lock (_indexGate)
        {
            return _completed.TryGetValue(frameworkId, out var list) ? list.ToArray() : [];
        }
    }

    /// <summary>The active tasks the master holds on one agent, in any state.</summary>
    public IReadOnlyList<TrackedTask> OnAgent(string agentId)
    {
        lock (_indexGate)
        {
            return _byAgent.TryGetValue(agentId, out var tasks) ? tasks.Values.ToArray() : [];
        }
    }

    /// <summary>The active tasks the master holds of one framework, in any state.</summary>
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

    /// <summary>
    /// Raised after a task left the active tasks for its framework's completed tasks (its end was acknowledged, the
    /// master declared it ended, or its framework was removed). Handlers must not throw.
    /// </summary>
    public event Action<TrackedTask>? Forgotten;

    public static bool IsTerminal(string state) => Terminal.Contains(state);

    /// <summary>
    /// Whether the task holds its resources: from launch until it becomes terminal, whatever made it so (an agent's update,
    /// the master's verdict, a drain, a teardown). An unreachable task's agent is out of the cluster, and its resources
    /// with it.
    /// </summary>
    public static bool HoldsResources(TrackedTask task) => !IsTerminal(task.State) && task.State != "TASK_UNREACHABLE";

    public void Launched(string frameworkId, TaskInfoMessage task, double timestamp, TaskDetails? details = null)
    {
        var launched = new TrackedTask(frameworkId, task.TaskId, task.Name, task.AgentId, task.Resources, "TASK_STAGING", [new TrackedStatus("TASK_STAGING", timestamp)])
        {
            Details = details ?? TaskDetails.From(task, null),
        };
        Store(launched);
        Changed?.Invoke(launched, null, true);
    }

    /// <summary>
    /// Records a task an agent reported on re-registration, in the state the agent last gave it. A task that had moved to
    /// the completed tasks (the master declared it lost when its agent was removed) is active again.
    /// </summary>
    public TrackedTask Restore(string frameworkId, TaskInfoMessage task, string agentId, string state, double timestamp, FrameworkInfo? framework = null)
    {
        TrackedTask restored;
        TrackedTask? known;
        lock (_indexGate)
        {
            known = _tasks.GetValueOrDefault((frameworkId, task.TaskId)) ?? TakeCompleted(frameworkId, task.TaskId);
            restored = new TrackedTask(frameworkId, task.TaskId, task.Name, agentId, task.Resources, state, [.. known?.Statuses ?? [], new TrackedStatus(state, timestamp)])
            {
                Details = TaskDetails.From(task, framework),
            };
            Store(restored);
        }

        Changed?.Invoke(restored, null, known is null);
        return restored;
    }

    /// <summary>An active task, or null.</summary>
    public TrackedTask? Find(string frameworkId, string taskId) => _tasks.GetValueOrDefault((frameworkId, taskId));

    /// <summary>An active task, else the latest completed one with that id, or null.</summary>
    public TrackedTask? FindAny(string frameworkId, string taskId)
    {
        if (Find(frameworkId, taskId) is { } active)
        {
            return active;
        }

        lock (_indexGate)
        {
            return _completed.TryGetValue(frameworkId, out var list) ? list.LastOrDefault(t => t.TaskId == taskId) : null;
        }
    }

    /// <summary>
    /// Records a status; returns the task as it is now (null for a task that is not active). A terminal verdict of the
    /// master (no uuid, nothing to acknowledge) moves the task to the completed tasks at once.
    /// </summary>
    public TrackedTask? Update(string frameworkId, TaskStatusMessage status)
    {
        TrackedTask updated;
        bool completed;
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
                Statuses = [.. task.Statuses, TrackedStatus.From(status)],
                MasterVerdict = verdict,
                LatestUuid = status.Uuid ?? task.LatestUuid,
            };
            completed = verdict && IsTerminal(status.State);
            if (completed)
            {
                Unstore(updated);
                AddCompleted(updated);
            }
            else
            {
                Store(updated);
            }
        }

        Changed?.Invoke(updated, status, false);
        if (completed)
        {
            Forgotten?.Invoke(updated);
        }

        return updated;
    }

    /// <summary>The task's terminal update was acknowledged: it moves to its framework's completed tasks.</summary>
    public void Forget(string frameworkId, string taskId)
    {
        TrackedTask? task;
        lock (_indexGate)
        {
            if (!_tasks.TryGetValue((frameworkId, taskId), out task))
            {
                return;
            }

            Unstore(task);
            AddCompleted(task);
        }

        Forgotten?.Invoke(task);
    }

    /// <summary>
    /// The framework was removed: each of its active tasks that has not ended gets <paramref name="ended"/> (the master's
    /// TASK_KILLED), and all of them move to its completed tasks. Returns the tasks as they were before.
    /// </summary>
    public IReadOnlyList<TrackedTask> RemoveFramework(string frameworkId, Func<TrackedTask, TaskStatusMessage> ended)
    {
        var moved = new List<(TrackedTask Task, TaskStatusMessage? Status)>();
        var before = new List<TrackedTask>();
        lock (_indexGate)
        {
            var own = _byFramework.TryGetValue(frameworkId, out var tasks) ? tasks.Values.ToArray() : [];
            foreach (var task in own)
            {
                before.Add(task);
                var status = IsTerminal(task.State) ? null : ended(task);
                var final = status is null ? task : task with { State = status.State, Statuses = [.. task.Statuses, TrackedStatus.From(status)], MasterVerdict = true };
                Unstore(task);
                AddCompleted(final);
                moved.Add((final, status));
            }
        }

        foreach (var (task, status) in moved)
        {
            if (status is not null)
            {
                Changed?.Invoke(task, status, false);
            }

            Forgotten?.Invoke(task);
        }

        return before;
    }

    /// <summary>A completed framework left the history: its completed tasks go with it.</summary>
    public void DropCompleted(string frameworkId)
    {
        lock (_indexGate)
        {
            _completed.Remove(frameworkId);
        }
    }

    /// <summary>Resources held by tasks not yet terminal, per agent.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> UsedByAgent() => _tasks.Values
        .Where(HoldsResources)
        .GroupBy(t => t.AgentId)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<Resource>)g.SelectMany(t => t.Resources).ToArray());

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

    /// <summary>Removes an active task from the books and its indexes; the caller holds the gate.</summary>
    private void Unstore(TrackedTask task)
    {
        if (_tasks.TryRemove((task.FrameworkId, task.TaskId), out var stored))
        {
            Unindex(_byAgent, stored.AgentId, stored);
            Unindex(_byFramework, stored.FrameworkId, stored);
            _heldByFramework.Remove(stored.FrameworkId);
        }
    }

    /// <summary>Appends to the framework's completed tasks, dropping the oldest beyond the limit; the caller holds the gate.</summary>
    private void AddCompleted(TrackedTask task)
    {
        if (MaxCompletedPerFramework <= 0)
        {
            return;
        }

        if (!_completed.TryGetValue(task.FrameworkId, out var list))
        {
            _completed[task.FrameworkId] = list = new LinkedList<TrackedTask>();
        }

        list.AddLast(task);
        while (list.Count > MaxCompletedPerFramework)
        {
            list.RemoveFirst();
        }
    }

    /// <summary>Takes a task back out of the completed tasks (its agent reported it again); the caller holds the gate.</summary>
    private TrackedTask? TakeCompleted(string frameworkId, string taskId)
    {
        if (!_completed.TryGetValue(frameworkId, out var list))
        {
            return null;
        }

        for (var node = list.Last; node is not null; node = node.Previous)
        {
            if (node.Value.TaskId == taskId)
            {
                list.Remove(node);
                return node.Value;
            }
        }

        return null;
    }

    private Resource[] Used(Dictionary<string, Dictionary<(string Framework, string Task), TrackedTask>> index, string key)
    {
        lock (_indexGate)
        {
            return index.TryGetValue(key, out var tasks)
                ? tasks.Values.Where(HoldsResources).SelectMany(t => t.Resources).ToArray()
                : [];
        }
    }
}
