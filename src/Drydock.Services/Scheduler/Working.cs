using Drydock.Services.Apps;
using Drydock.Services.Events;
using Drydock.Services.Instances;
using Drydock.Services.Persistence;

namespace Drydock.Services.Scheduler;

/// <summary>
/// The scheduler's state while one writer changes it: the snapshot as it becomes, the instances changed and removed
/// (to store), and the tasks to kill once it is stored. Built, changed and committed inside one pass of the writer.
/// </summary>
internal sealed class Working(ServiceState state)
{
    private readonly Dictionary<InstanceId, Instance> _changed = [];
    private readonly HashSet<InstanceId> _removed = [];
    private readonly List<StoredAppVersion> _apps = [];
    private readonly List<PathId> _removedApps = [];

    public ServiceState State { get; set; } = state;

    /// <summary>Tasks to kill after the change is stored: (task id, agent id, grace period).</summary>
    public List<(string TaskId, string? AgentId, TimeSpan? Grace)> Kills { get; } = [];

    public string? NewFrameworkId { get; set; }

    /// <summary>Events for <c>/v2/events</c>, published once the change is stored.</summary>
    public List<MarathonEvent> Events { get; } = [];

    public void Put(Instance instance)
    {
        State = State with { Instances = State.Instances.SetItem(instance.Id, instance) };
        _changed[instance.Id] = instance;
        _removed.Remove(instance.Id);
    }

    public void Remove(InstanceId id)
    {
        State = State with { Instances = State.Instances.Remove(id) };
        _changed.Remove(id);
        _removed.Add(id);
    }

    /// <summary>Sets an instance's goal to Decommissioned and kills its task if it has a live one; forgets it if it has none.</summary>
    public void Decommission(Instance instance)
    {
        var app = State.Apps.GetValueOrDefault(instance.AppId);
        if (instance.State is null || TaskStates.IsTerminal(instance.State))
        {
            Remove(instance.Id);
            return;
        }

        Put(instance with { Goal = InstanceGoal.Decommissioned });
        if (instance.State != TaskStates.Unreachable && instance.TaskId is { } taskId)
        {
            Kills.Add((taskId, instance.AgentId, app?.TaskKillGracePeriodSeconds is { } grace ? TimeSpan.FromSeconds(grace) : null));
        }
    }

    public void StoreApp(AppDefinition app, string body) => _apps.Add(new StoredAppVersion(app.Id, app.Version, body));

    public void RemoveApp(PathId id) => _removedApps.Add(id);

    public ServicesChange ToChange() => new()
    {
        FrameworkId = NewFrameworkId,
        Apps = _apps,
        RemovedApps = _removedApps,
        Instances = _changed.Values.ToArray(),
        RemovedInstances = _removed.ToArray(),
    };
}
