using Drydock.Master.Persistence;
using Drydock.Protocol;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Frameworks;

/// <summary>
/// The one path by which a framework is removed, whoever asks: its own TEARDOWN, the operator's (v1 <c>TEARDOWN</c>,
/// <c>/teardown</c>, <c>/shutdown</c>), or its failover timeout. Its tasks are killed on their agents and marked
/// TASK_KILLED by the master (REASON_FRAMEWORK_REMOVED), freeing their resources at once; they move to its completed tasks
/// and it moves to the completed frameworks; its registry row is deleted; a connected framework removed from outside
/// hears ERROR and its stream ends. Listen to <see cref="Removed"/> to act on removals.
/// </summary>
internal sealed partial class FrameworkRemoval(
    FrameworkRegistry frameworks,
    TaskBook tasks,
    TaskService taskService,
    Registrar registrar,
    AllocationService allocation,
    TimeProvider time,
    ILogger<FrameworkRemoval> logger)
{
    /// <summary>Mesos's message to a framework that was removed.</summary>
    public const string RemovedMessage = "Framework has been removed";

    /// <summary>Raised once per removed framework, after it moved to the completed frameworks. Handlers must not throw.</summary>
    public event Action<Framework>? Removed;

    /// <summary>
    /// Removes the framework; false when no framework with that id is registered (completed ones included). With
    /// <paramref name="tellFramework"/> a connected framework gets ERROR before its stream ends.
    /// </summary>
    public async Task<bool> RemoveAsync(string frameworkId, string reason, bool tellFramework, CancellationToken cancellationToken)
    {
        if (!frameworks.Frameworks.TryGetValue(frameworkId, out var framework))
        {
            return false;
        }

        LogRemoving(frameworkId, reason);
        await taskService.TeardownAsync(framework, cancellationToken);
        var message = $"Framework {frameworkId} removed";
        tasks.RemoveFramework(frameworkId, task => new TaskStatusMessage(
            task.TaskId, "TASK_KILLED", "SOURCE_MASTER", task.AgentId, UnixTime.Seconds(time.GetUtcNow()), null, message, "REASON_FRAMEWORK_REMOVED"));
        await registrar.TryApplyAsync(_ => Decision.Apply(new RemoveFrameworkOperation(frameworkId)), cancellationToken);
        var farewell = tellFramework ? MesosJson.SerializeToUtf8(new SchedulerEvent("ERROR") { Error = new ErrorEvent(RemovedMessage) }) : null;
        if (frameworks.Remove(frameworkId, farewell) is not { } evicted)
        {
            // Removed meanwhile by another caller, which finished the job.
            return true;
        }

        foreach (var id in evicted)
        {
            tasks.DropCompleted(id);
        }

        allocation.Wake();
        if (frameworks.Completed.LastOrDefault(f => f.Id == frameworkId) is { } completed)
        {
            Removed?.Invoke(completed);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing framework {FrameworkId}: {Reason}")]
    private partial void LogRemoving(string frameworkId, string reason);
}
