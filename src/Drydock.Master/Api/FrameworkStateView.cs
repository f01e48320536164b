using Drydock.Master.Frameworks;
using Drydock.Protocol;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Drydock.Protocol.State;

namespace Drydock.Master.Api;

/// <summary>
/// Frameworks and tasks as the v0 endpoints (<c>/state</c>, <c>/master/frameworks</c>, <c>/tasks</c>) show them: Mesos's
/// whole v0 framework and task objects (<c>apache/mesos: src/common/http.cpp</c>, <c>src/master/readonly_handler.cpp</c>).
/// The one place these objects are written.
/// </summary>
internal static class FrameworkStateView
{
    /// <summary>
    /// A registered framework (connected, disconnected or recovered) with its active, unreachable and completed tasks, and
    /// what it holds: used resources (tasks not yet terminal) and offered resources (its outstanding offers).
    /// </summary>
    public static FrameworkState From(Framework framework, TaskBook tasks, IEnumerable<OutstandingOffer> offers)
    {
        var own = tasks.OfFramework(framework.Id).OrderBy(t => t.TaskId, StringComparer.Ordinal).ToArray();
        var used = own.Where(TaskBook.HoldsResources).SelectMany(t => t.Resources).ToArray();
        var offered = offers.Where(o => o.FrameworkId == framework.Id).SelectMany(o => o.Resources).ToArray();
        return Base(framework, active: framework.Connected) with
        {
            Tasks = own.Where(t => t.State != "TASK_UNREACHABLE").Select(Task).ToArray(),
            UnreachableTasks = own.Where(t => t.State == "TASK_UNREACHABLE").Select(Task).ToArray(),
            CompletedTasks = tasks.CompletedOf(framework.Id).Select(Task).ToArray(),
            UsedResources = StateFormat.Resources(used),
            OfferedResources = StateFormat.Resources(offered),
            Resources = StateFormat.Resources([.. used, .. offered]),
        };
    }

    /// <summary>A removed framework: inactive, holding nothing, with the tasks it had when it was removed.</summary>
    public static FrameworkState Completed(Framework framework, TaskBook tasks) => Base(framework, active: false) with
    {
        CompletedTasks = tasks.CompletedOf(framework.Id).Select(Task).ToArray(),
    };

    /// <summary>Mesos's v0 task object.</summary>
    public static TaskState Task(TrackedTask task) => new()
    {
        Id = task.TaskId,
        Name = task.Name,
        FrameworkId = task.FrameworkId,
        ExecutorId = task.Details.ExecutorId ?? string.Empty,
        AgentId = task.AgentId,
        State = task.State,
        Resources = StateFormat.Resources(task.Resources),
        Role = task.Details.Role,
        Statuses = task.Statuses.Select(s => new TaskStatusState
        {
            State = s.State,
            Timestamp = s.Timestamp,
            Labels = Labels(s.Labels),
            ContainerStatus = s.ContainerStatus,
            Healthy = s.Healthy,
        }).ToArray(),
        User = task.Details.User,
        Labels = Labels(task.Details.Labels),
        Discovery = task.Details.Discovery,
        Container = task.Details.Container,
    };

    private static LabelState[]? Labels(IReadOnlyList<Label> labels) =>
        labels.Count == 0 ? null : labels.Select(l => new LabelState(l.Key, l.Value)).ToArray();

    private static FrameworkState Base(Framework framework, bool active) => new()
    {
        Id = framework.Id,
        Name = framework.Info.Name,
        User = framework.Info.User,
        Hostname = framework.Info.Hostname ?? string.Empty,
        WebuiUrl = framework.Info.WebuiUrl ?? string.Empty,
        Active = active,
        Connected = active,
        Recovered = framework.Recovered,
        FailoverTimeout = framework.Info.FailoverTimeoutSeconds,
        Checkpoint = framework.Info.Checkpoint,
        Roles = framework.Info.Roles,
        Role = framework.Info.Capabilities.Contains("MULTI_ROLE") ? null : (framework.Info.Roles.Count > 0 ? framework.Info.Roles[0] : "*"),
        Labels = Labels(framework.Info.Labels),
        Capabilities = framework.Info.Capabilities,
        RegisteredTime = UnixTime.Seconds(framework.RegisteredTime),
        ReregisteredTime = framework.ReregisteredTime is { } r ? UnixTime.Seconds(r) : null,
        UnregisteredTime = framework.UnregisteredTime is { } u ? UnixTime.Seconds(u) : null,
        Principal = framework.Info.Principal,
        Resources = StateFormat.Resources([]),
        UsedResources = StateFormat.Resources([]),
        OfferedResources = StateFormat.Resources([]),
        Tasks = [],
        UnreachableTasks = [],
        CompletedTasks = [],
        Offers = [],
        Executors = [],
    };
}
