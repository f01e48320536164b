using System.Text;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Frameworks;

/// <summary>
/// Launching, killing and following tasks: ACCEPT with LAUNCH sends RunTask to the agent, agents' status updates are
/// forwarded to the framework as UPDATE, and the framework's ACKNOWLEDGE goes back to the agent.
/// </summary>
internal sealed partial class TaskService(
    OfferBook offers,
    TaskBook tasks,
    FrameworkRegistry frameworks,
    AgentRegistry agents,
    TimeProvider time,
    ILogger<TaskService> logger)
{
    public async Task AcceptAsync(Framework framework, SchedulerCall call, CancellationToken cancellationToken)
    {
        var taken = await offers.TakeAsync(framework.Id, call.OfferIds, call.RefuseSeconds, cancellationToken);
        var lost = framework.Info.IsPartitionAware ? "TASK_DROPPED" : "TASK_LOST";
        if (taken is not { } offer)
        {
            foreach (var task in call.Launches)
            {
                SendMasterUpdate(framework, task.TaskId, task.AgentId, lost, "Task launched with invalid offers", "REASON_INVALID_OFFERS");
            }

            return;
        }

        var remaining = offer.Resources;
        foreach (var task in call.Launches)
        {
            string? error = task.AgentId != offer.AgentId ? "Task uses an agent other than the offers'"
                : tasks.Find(framework.Id, task.TaskId) is { } existing && !TaskBook.IsTerminal(existing.State) ? "Task has duplicate ID: " + task.TaskId
                : task.Command is null ? "Task has no command"
                : !ResourceMath.Contains(remaining, task.Resources) ? "Task uses more resources than offered"
                : null;
            if (error is not null)
            {
                SendMasterUpdate(framework, task.TaskId, task.AgentId, "TASK_ERROR", error, "REASON_TASK_INVALID");
                continue;
            }

            remaining = ResourceMath.Subtract(remaining, task.Resources);
            tasks.Launched(framework.Id, task, UnixTime.Seconds(time.GetUtcNow()));
            var run = new RunTask { FrameworkId = framework.Id, TaskInfoJson = TaskInfoText(call, task), FrameworkInfoJson = string.Empty };
            if (!await agents.SendAsync(task.AgentId, AgentRegistry.Message(m => m.RunTask = run), cancellationToken))
            {
                tasks.Update(framework.Id, Status(task.TaskId, task.AgentId, lost, "Agent is not connected", "REASON_AGENT_DISCONNECTED"));
                SendMasterUpdate(framework, task.TaskId, task.AgentId, lost, "Agent is not connected", "REASON_AGENT_DISCONNECTED");
                continue;
            }

            LogLaunching(task.TaskId, framework.Id, task.AgentId);
        }
    }

    public async Task KillAsync(Framework framework, string taskId, string? agentId, CancellationToken cancellationToken)
    {
        var task = tasks.Find(framework.Id, taskId);
        if (task is null)
        {
            SendMasterUpdate(framework, taskId, agentId ?? string.Empty, "TASK_LOST", "Attempted to kill an unknown task", "REASON_RECONCILIATION");
            return;
        }

        await agents.SendAsync(task.AgentId, AgentRegistry.Message(m => m.KillTask = new KillTask { FrameworkId = framework.Id, TaskId = taskId }), cancellationToken);
    }

    /// <summary>TEARDOWN: every task of the framework that has not ended is killed.</summary>
    public async Task TeardownAsync(Framework framework, CancellationToken cancellationToken)
    {
        foreach (var task in tasks.Tasks.Where(t => t.FrameworkId == framework.Id && !TaskBook.IsTerminal(t.State)))
        {
            await agents.SendAsync(task.AgentId, AgentRegistry.Message(m => m.KillTask = new KillTask { FrameworkId = framework.Id, TaskId = task.TaskId }), cancellationToken);
        }
    }

    public async Task AcknowledgeAsync(Framework framework, string taskId, string agentId, string uuid, CancellationToken cancellationToken)
    {
        var task = tasks.Find(framework.Id, taskId);
        if (task is not null && TaskBook.IsTerminal(task.State))
        {
            tasks.Forget(framework.Id, taskId);
        }

        await agents.SendAsync(agentId, AgentRegistry.Message(m => m.StatusUpdateAck = new StatusUpdateAcknowledgement
        {
            FrameworkId = framework.Id,
            TaskId = taskId,
            Uuid = uuid,
        }), cancellationToken);
    }

    /// <summary>
    /// An agent was removed (unregistered, machine DOWN, replaced): each of its tasks is reported TASK_LOST by the master,
    /// partition-aware frameworks included, and every connected framework is told the agent is lost (FAILURE).
    /// </summary>
    public void OnAgentRemoved(string agentId, string hostname, string reason)
    {
        var message = $"Agent {hostname} removed: {reason}";
        foreach (var task in tasks.Tasks.Where(t => t.AgentId == agentId && !TaskBook.IsTerminal(t.State)))
        {
            var status = Status(task.TaskId, agentId, "TASK_LOST", message, "REASON_AGENT_REMOVED");
            tasks.Update(task.FrameworkId, status);
            if (frameworks.Frameworks.TryGetValue(task.FrameworkId, out var framework))
            {
                framework.TrySend(TaskStatusJson.Update(status));
            }
        }

        var failure = TaskStatusJson.AgentLost(agentId);
        foreach (var framework in frameworks.Frameworks.Values.Where(f => f.Connected))
        {
            framework.TrySend(failure);
        }
    }

    /// <summary>An agent's status update: recorded, then forwarded to the framework if it is connected (the agent retries).</summary>
    public void OnStatusUpdate(string agentId, StatusUpdate update)
    {
        var parsed = TaskStatusJson.Parse(Encoding.UTF8.GetBytes(update.StatusJson));
        if (!parsed.Succeeded || parsed.Value.AgentId != agentId)
        {
            return;
        }

        tasks.Update(update.FrameworkId, parsed.Value);
        if (frameworks.Frameworks.TryGetValue(update.FrameworkId, out var framework))
        {
            framework.TrySend(TaskStatusJson.Update(parsed.Value));
        }
    }

    private void SendMasterUpdate(Framework framework, string taskId, string agentId, string state, string message, string reason) =>
        framework.TrySend(TaskStatusJson.Update(Status(taskId, agentId, state, message, reason)));

    /// <summary>Updates the master makes itself carry no uuid: they are not acknowledged (Mesos).</summary>
    private TaskStatusMessage Status(string taskId, string agentId, string state, string message, string reason) =>
        new(taskId, state, "SOURCE_MASTER", agentId, UnixTime.Seconds(time.GetUtcNow()), null, message, reason);

    private static string TaskInfoText(SchedulerCall call, TaskInfoMessage task) =>
        call.RawTaskInfos.TryGetValue(task.TaskId, out var raw) ? raw : string.Empty;

    [LoggerMessage(Level = LogLevel.Information, Message = "Launching task {TaskId} of framework {FrameworkId} on agent {AgentId}")]
    private partial void LogLaunching(string taskId, string frameworkId, string agentId);
}
