using Drydock.Master.Frameworks;
using Drydock.Protocol;
using Drydock.Protocol.Resources;
using Drydock.Protocol.State;

namespace Drydock.Master.Api;

/// <summary>Frameworks as the v0 state endpoints show them.</summary>
internal static class FrameworkStateView
{
    public static FrameworkState From(Framework framework, IReadOnlyCollection<TrackedTask> tasks)
    {
        var own = tasks.Where(t => t.FrameworkId == framework.Id).ToArray();
        var active = own.Where(t => !TaskBook.IsTerminal(t.State)).ToArray();
        return From(framework) with
        {
            Tasks = active.Select(Task).ToArray(),
            CompletedTasks = own.Where(t => TaskBook.IsTerminal(t.State)).Select(Task).ToArray(),
            UsedResources = StateFormat.Resources(active.SelectMany(t => t.Resources)),
            Resources = StateFormat.Resources(active.SelectMany(t => t.Resources)),
        };
    }

    public static TaskState Task(TrackedTask task) => new()
    {
        Id = task.TaskId,
        Name = task.Name,
        FrameworkId = task.FrameworkId,
        AgentId = task.AgentId,
        State = task.State,
    };

    public static FrameworkState From(Framework framework) => new()
    {
        Id = framework.Id,
        Name = framework.Info.Name,
        User = framework.Info.User,
        Hostname = framework.Info.Hostname ?? string.Empty,
        WebuiUrl = framework.Info.WebuiUrl ?? string.Empty,
        Active = framework.Connected,
        Connected = framework.Connected,
        Recovered = false,
        FailoverTimeout = framework.Info.FailoverTimeoutSeconds,
        Checkpoint = framework.Info.Checkpoint,
        Roles = framework.Info.Roles,
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
