using System.Text;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.Ids;
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
    Registrar registrar,
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
            // Mesos's order: the task id first, its executor's id (Drydock runs command tasks; the id is checked all the same) last.
            string? error = IdValidation.Validate(task.TaskId) is { } badTaskId ? badTaskId
                : task.AgentId != offer.AgentId ? "Task uses an agent other than the offers'"
                : tasks.Find(framework.Id, task.TaskId) is { } existing && !TaskBook.IsTerminal(existing.State) ? "Task has duplicate ID: " + task.TaskId
                : TaskInfoValidator.Validate(task, offer.Role) is { } invalid ? invalid
                : task.Command is null ? "Task has no command"
                : !ResourceMath.Contains(remaining, task.Resources) ? "Task uses more resources than offered"
                : task.ExecutorId is { } executorId && IdValidation.Validate(executorId) is { } badExecutorId ? badExecutorId
                : null;
            if (error is not null)
            {
                SendMasterUpdate(framework, task.TaskId, task.AgentId, "TASK_ERROR", error, "REASON_TASK_INVALID");
                continue;
            }

            remaining = ResourceMath.Subtract(remaining, task.Resources);
            tasks.Launched(framework.Id, task, UnixTime.Seconds(time.GetUtcNow()), TaskDetails.From(task, framework.Info));
            var run = new RunTask { FrameworkId = framework.Id, TaskInfoJson = TaskInfoText(call, task), FrameworkInfoJson = Protocol.Scheduler.FrameworkInfoJson.Serialize(framework.Info, framework.Id), PartitionAware = framework.Info.IsPartitionAware };
            if (!await agents.SendAsync(task.AgentId, AgentRegistry.Message(m => m.RunTask = run), cancellationToken))
            {
                tasks.Update(framework.Id, Status(task.TaskId, task.AgentId, lost, "Agent is not connected", "REASON_AGENT_DISCONNECTED"));
                SendMasterUpdate(framework, task.TaskId, task.AgentId, lost, "Agent is not connected", "REASON_AGENT_DISCONNECTED");
                continue;
            }

            LogLaunching(task.TaskId, framework.Id, task.AgentId);
        }

        // What the launches left of the offers may be offered again, now that the tasks hold their part.
        offers.MarkDirty(offer.AgentId);
    }

    /// <summary>
    /// KILL: the agent kills the task with <paramref name="gracePeriodNanoseconds"/> (the call's kill policy) when given,
    /// otherwise with the task's own kill policy.
    /// </summary>
    public async Task KillAsync(Framework framework, string taskId, string? agentId, CancellationToken cancellationToken, long? gracePeriodNanoseconds = null)
    {
        var task = tasks.Find(framework.Id, taskId);
        if (task is null)
        {
            SendMasterUpdate(framework, taskId, agentId ?? string.Empty, "TASK_LOST", "Attempted to kill an unknown task", "REASON_RECONCILIATION");
            return;
        }

        var kill = new KillTask { FrameworkId = framework.Id, TaskId = taskId };
        if (gracePeriodNanoseconds is { } grace)
        {
            kill.GracePeriodNanoseconds = Math.Max(0, grace);
        }

        await agents.SendAsync(task.AgentId, AgentRegistry.Message(m => m.KillTask = kill), cancellationToken);
    }

    /// <summary>
    /// The framework is being removed (<see cref="FrameworkRemoval"/>, which marks its tasks TASK_KILLED in the books):
    /// every connected agent is told to shut the framework down, as Mesos does: kill its tasks and drop its status
    /// updates, which nobody is left to acknowledge. Agents away now are told when they re-register with its tasks.
    /// </summary>
    public async Task TeardownAsync(Framework framework, CancellationToken cancellationToken)
    {
        var shutdown = ShutdownFrameworkMessage(framework.Id);
        foreach (var agentId in agents.Agents.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await agents.TrySendAsync(agentId, shutdown);
        }

        LogFrameworkShutDown(framework.Id, agents.Agents.Count);
    }

    private static AgentProtocol.V1.MasterMessage ShutdownFrameworkMessage(string frameworkId) =>
        AgentRegistry.Message(m => m.ShutdownFramework = new ShutdownFramework { FrameworkId = frameworkId });

    public async Task AcknowledgeAsync(Framework framework, string taskId, string agentId, string uuid, CancellationToken cancellationToken)
    {
        // An acknowledged end moves the task to the framework's completed tasks.
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
        foreach (var task in tasks.OnAgent(agentId).Where(t => !TaskBook.IsTerminal(t.State)))
        {
            var status = Status(task.TaskId, agentId, "TASK_LOST", message, "REASON_AGENT_REMOVED");
            tasks.Update(task.FrameworkId, status);
            if (frameworks.Frameworks.TryGetValue(task.FrameworkId, out var framework))
            {
                framework.TrySend(TaskStatusJson.Update(status));
            }
        }

        TellAgentLost(agentId);
    }

    /// <summary>
    /// An agent was marked gone (MARK_AGENT_GONE, or a drain with <c>mark_gone</c>): each of its tasks not ended is
    /// reported TASK_GONE_BY_OPERATOR to partition-aware frameworks and TASK_LOST to the others, and every connected
    /// framework is told the agent is lost (FAILURE).
    /// </summary>
    public void OnAgentGone(string agentId, string hostname)
    {
        var message = $"Agent {hostname} has been marked gone";
        foreach (var task in tasks.OnAgent(agentId).Where(t => !TaskBook.IsTerminal(t.State)))
        {
            var aware = frameworks.Frameworks.TryGetValue(task.FrameworkId, out var framework) && framework.Info.IsPartitionAware;
            var status = aware
                ? Status(task.TaskId, agentId, "TASK_GONE_BY_OPERATOR", message, "REASON_AGENT_REMOVED_BY_OPERATOR")
                : Status(task.TaskId, agentId, "TASK_LOST", message, "REASON_AGENT_REMOVED");
            tasks.Update(task.FrameworkId, status);
            framework?.TrySend(TaskStatusJson.Update(status));
        }

        TellAgentLost(agentId);
    }

    /// <summary>
    /// RECONCILE. Implicit (no tasks named): the latest state of every task the master knows for the framework. Explicit:
    /// for each task named, its latest state when known; otherwise what the master can say from the agent named: none
    /// for an agent known from the registry that has not re-registered yet (it may still report the task), TASK_GONE for
    /// a registered agent, TASK_UNREACHABLE for an unreachable one and TASK_UNKNOWN for an unknown one; a framework that
    /// is not partition-aware gets TASK_LOST for the last three. Every answer is from the master, without a uuid, with
    /// REASON_RECONCILIATION.
    /// </summary>
    public void Reconcile(Framework framework, IReadOnlyList<(string TaskId, string? AgentId)> named)
    {
        const string reason = "REASON_RECONCILIATION";
        if (named.Count == 0)
        {
            foreach (var task in tasks.OfFramework(framework.Id))
            {
                SendMasterUpdate(framework, task.TaskId, task.AgentId, task.State, "Reconciliation: latest task state", reason);
            }

            return;
        }

        var aware = framework.Info.IsPartitionAware;
        var durable = registrar.Current;
        foreach (var (taskId, agentId) in named)
        {
            if (tasks.Find(framework.Id, taskId) is { } known)
            {
                SendMasterUpdate(framework, taskId, known.AgentId, known.State, "Reconciliation: latest task state", reason);
                continue;
            }

            string? state = agentId is null ? (aware ? "TASK_UNKNOWN" : "TASK_LOST")
                : agents.Agents.ContainsKey(agentId) ? (aware ? "TASK_GONE" : "TASK_LOST")
                : durable.Agents.ContainsKey(agentId) ? null
                : durable.Unreachable.ContainsKey(agentId) ? (aware ? "TASK_UNREACHABLE" : "TASK_LOST")
                : aware ? "TASK_UNKNOWN" : "TASK_LOST";
            if (state is not null)
            {
                SendMasterUpdate(framework, taskId, agentId ?? string.Empty, state, "Reconciliation: task is unknown", reason);
            }
        }
    }

    /// <summary>
    /// An agent's connection broke. Tasks of frameworks that do not checkpoint cannot survive an agent restart, so they
    /// are reported TASK_LOST at once (REASON_AGENT_DISCONNECTED); checkpointing frameworks' tasks are left alone.
    /// </summary>
    public void OnAgentDisconnected(string agentId)
    {
        foreach (var task in tasks.OnAgent(agentId).Where(t => !TaskBook.IsTerminal(t.State)))
        {
            if (frameworks.Frameworks.TryGetValue(task.FrameworkId, out var framework) && !framework.Info.Checkpoint)
            {
                var status = Status(task.TaskId, agentId, "TASK_LOST", "Agent disconnected", "REASON_AGENT_DISCONNECTED");
                tasks.Update(task.FrameworkId, status);
                framework.TrySend(TaskStatusJson.Update(status));
            }
        }
    }

    /// <summary>
    /// An agent was marked unreachable: its tasks become TASK_UNREACHABLE for partition-aware frameworks and TASK_LOST
    /// for the others, both with <c>unreachable_time</c>, and every connected framework hears that the agent is lost.
    /// The tasks may come back when the agent re-registers.
    /// </summary>
    public void OnAgentUnreachable(string agentId, string hostname, DateTimeOffset since, string reason)
    {
        var nanoseconds = UnixTime.Nanoseconds(since);
        foreach (var task in tasks.OnAgent(agentId).Where(t => !TaskBook.IsTerminal(t.State)))
        {
            var framework = frameworks.Frameworks.GetValueOrDefault(task.FrameworkId);
            var state = framework?.Info.IsPartitionAware == true ? "TASK_UNREACHABLE" : "TASK_LOST";
            var status = Status(task.TaskId, agentId, state, $"Agent {hostname} is unreachable: {reason}", "REASON_AGENT_REMOVED") with
            {
                UnreachableTimeNanoseconds = nanoseconds,
            };
            tasks.Update(task.FrameworkId, status);
            framework?.TrySend(TaskStatusJson.Update(status));
        }

        TellAgentLost(agentId);
    }

    /// <summary>
    /// An agent re-registered with the tasks it knows. The master takes the agent's word for each task's state. When the
    /// agent was unreachable or unknown (removed, or from before a master restart that forgot it), each task that has
    /// not ended is reported again in its current state (SOURCE_MASTER, REASON_AGENT_REREGISTERED): a TASK_LOST task
    /// that kept running comes back as TASK_RUNNING. Tasks of frameworks that were torn down, and tasks of frameworks
    /// that do not checkpoint whose loss was reported when the agent disconnected, are killed on the agent instead.
    /// Tasks the master placed on the agent that the agent does not know never reached it: TASK_LOST (TASK_DROPPED for
    /// partition-aware frameworks). A task entry the master cannot read is skipped.
    /// </summary>
    public void OnAgentReturned(AgentReturn agent)
    {
        var now = UnixTime.Seconds(time.GetUtcNow());
        var reported = new HashSet<(string, string)>();
        var completed = frameworks.Completed.Select(f => f.Id).Where(id => !frameworks.Frameworks.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        var shutDown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in agent.Tasks)
        {
            if (ReadTaskInfo(task.TaskInfoJson, agent.AgentId) is not { } info || string.IsNullOrEmpty(task.FrameworkId))
            {
                continue;
            }

            reported.Add((task.FrameworkId, info.TaskId));
            // A task the master declared lost has moved to the completed tasks: it is looked up there too.
            var known = tasks.FindAny(task.FrameworkId, info.TaskId);
            var framework = frameworks.Frameworks.GetValueOrDefault(task.FrameworkId);
            var droppedAtDisconnect = framework is { Info.Checkpoint: false } && known is { State: "TASK_LOST" } && agent.Past == AgentPast.Registered;
            if (completed.Contains(task.FrameworkId))
            {
                // A removed framework's task, running or with an end nobody will acknowledge: the agent shuts the framework
                // down (once per framework), as Mesos sends ShutdownFrameworkMessage to a re-registering agent.
                if (shutDown.Add(task.FrameworkId))
                {
                    _ = agent.Connection.SendAsync(ShutdownFrameworkMessage(task.FrameworkId), CancellationToken.None).AsTask();
                }

                continue;
            }

            if (droppedAtDisconnect)
            {
                if (!TaskBook.IsTerminal(task.State))
                {
                    _ = agent.Connection.SendAsync(AgentRegistry.Message(m => m.KillTask = new KillTask { FrameworkId = task.FrameworkId, TaskId = info.TaskId }), CancellationToken.None).AsTask();
                }

                continue;
            }

            if (known is null || known.State != task.State || known.AgentId != agent.AgentId)
            {
                tasks.Restore(task.FrameworkId, info, agent.AgentId, task.State, now, framework?.Info);
            }

            // A task the framework was told is lost (agent removed or unreachable) is told it is back, too.
            var toldLost = known?.State is "TASK_LOST" or "TASK_UNREACHABLE";
            if ((agent.Past is AgentPast.Unreachable or AgentPast.Unknown || toldLost) && !TaskBook.IsTerminal(task.State) && framework is not null)
            {
                framework.TrySend(TaskStatusJson.Update(Status(info.TaskId, agent.AgentId, task.State, "Agent reregistered", "REASON_AGENT_REREGISTERED")));
            }
        }

        foreach (var task in tasks.OnAgent(agent.AgentId).Where(t => !TaskBook.IsTerminal(t.State) && !reported.Contains((t.FrameworkId, t.TaskId))))
        {
            var framework = frameworks.Frameworks.GetValueOrDefault(task.FrameworkId);
            var state = framework?.Info.IsPartitionAware == true ? "TASK_DROPPED" : "TASK_LOST";
            var status = Status(task.TaskId, agent.AgentId, state, "Task is unknown to the agent", "REASON_RECONCILIATION");
            tasks.Update(task.FrameworkId, status);
            framework?.TrySend(TaskStatusJson.Update(status));
        }
    }

    /// <summary>
    /// A task an agent reports, as the master can keep it. The agent's checkpoint may be from a build that took any number
    /// (a launch with <c>-Infinity</c> or <c>-3</c> cpus): such a task keeps running, since the master does not kill work
    /// on its own over bookkeeping, but its invalid resources are dropped with a warning, so it holds none of them and
    /// the books hold nothing they cannot render or that would make an agent's use negative.
    /// </summary>
    private TaskInfoMessage? ReadTaskInfo(string json, string agentId)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        TaskInfoMessage info;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var parsed = TaskInfoMessage.ReadRecovered(document.RootElement);
            if (!parsed.Succeeded)
            {
                return null;
            }

            info = parsed.Value;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        if (info.Resources.All(r => ResourceValidator.Reason(r) is null))
        {
            return info;
        }

        foreach (var resource in info.Resources.Where(r => ResourceValidator.Reason(r) is not null))
        {
            LogInvalidResourceDropped(info.TaskId, agentId, ResourceText.Describe(resource), ResourceValidator.Reason(resource)!);
        }

        return info with { Resources = info.Resources.Where(r => ResourceValidator.Reason(r) is null).ToArray() };
    }

    /// <summary>An agent's status update: recorded, then forwarded to the framework if it is connected (the agent retries).</summary>
    public void OnStatusUpdate(string agentId, StatusUpdate update)
    {
        var parsed = TaskStatusJson.Parse(Encoding.UTF8.GetBytes(update.StatusJson));
        if (!parsed.Succeeded || parsed.Value.AgentId != agentId)
        {
            return;
        }

        if (!frameworks.Frameworks.ContainsKey(update.FrameworkId) && frameworks.Completed.Any(f => f.Id == update.FrameworkId))
        {
            // A removed framework's update (sent before the agent heard of the removal): nobody is left to hear it.
            return;
        }

        tasks.Update(update.FrameworkId, parsed.Value);
        if (frameworks.Frameworks.TryGetValue(update.FrameworkId, out var framework))
        {
            framework.TrySend(TaskStatusJson.Update(parsed.Value));
        }
    }

    /// <summary>FAILURE with only the agent id, to every connected framework: the agent is lost.</summary>
    private void TellAgentLost(string agentId)
    {
        var failure = TaskStatusJson.AgentLost(agentId);
        foreach (var framework in frameworks.Frameworks.Values.Where(f => f.Connected))
        {
            framework.TrySend(failure);
        }
    }

    private void SendMasterUpdate(Framework framework, string taskId, string agentId, string state, string message, string reason) =>
        framework.TrySend(TaskStatusJson.Update(Status(taskId, agentId, state, message, reason)));

    /// <summary>Updates the master makes itself carry no uuid: they are not acknowledged (Mesos).</summary>
    private TaskStatusMessage Status(string taskId, string agentId, string state, string message, string reason) =>
        new(taskId, state, "SOURCE_MASTER", agentId, UnixTime.Seconds(time.GetUtcNow()), null, message, reason);

    private static string TaskInfoText(SchedulerCall call, TaskInfoMessage task) =>
        call.RawTaskInfos.TryGetValue(task.TaskId, out var raw) ? raw : string.Empty;

    [LoggerMessage(Level = LogLevel.Information, Message = "Framework {FrameworkId} removed: told {Count} agents to shut it down")]
    private partial void LogFrameworkShutDown(string frameworkId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} reported by agent {AgentId} holds an invalid resource '{Resource}' ({Reason}): it is kept running, without that resource")]
    private partial void LogInvalidResourceDropped(string taskId, string agentId, string resource, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Launching task {TaskId} of framework {FrameworkId} on agent {AgentId}")]
    private partial void LogLaunching(string taskId, string frameworkId, string agentId);
}
