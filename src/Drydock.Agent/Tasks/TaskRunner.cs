using System.Globalization;
using System.Text;
using Drydock.Agent.Checkpoint;
using Drydock.AgentProtocol.V1;
using Drydock.Protocol;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Agent.Tasks;

/// <summary>
/// The agent's side of running tasks for the master: launches RunTask through the supervisor, kills on KillTask, and
/// delivers status updates in order per task, resending the oldest unacknowledged one until the master acknowledges
/// it. A terminal update, once acknowledged, lets the task's checkpoint go.
/// </summary>
internal sealed partial class TaskRunner(AgentPaths paths, string agentId, string hostname, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(5);

    private readonly TaskSupervisor _supervisor = new(paths, agentId, time, loggers.CreateLogger<TaskSupervisor>());
    private readonly ILogger _logger = loggers.CreateLogger<TaskRunner>();
    private readonly object _gate = new();
    private readonly Dictionary<(string Framework, string Task), Queue<PendingUpdate>> _pending = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Sends a status update to the master; set while a channel is open, null otherwise.</summary>
    public Func<AgentMessage, Task>? Send { get; set; }

    public Task StartAsync()
    {
        _supervisor.Recover();
        _ = PumpExitsAsync();
        _ = ResendLoopAsync();
        return Task.CompletedTask;
    }

    public async Task LaunchAsync(RunTask run)
    {
        var parsed = TaskInfoMessage.Read(System.Text.Json.JsonDocument.Parse(run.TaskInfoJson).RootElement);
        if (!parsed.Succeeded || parsed.Value.Command is null)
        {
            var taskId = parsed.Value?.TaskId ?? "unknown";
            await EnqueueAsync(run.FrameworkId, taskId, "TASK_ERROR", parsed.Error ?? "The task has no command", "REASON_TASK_INVALID", terminal: true);
            return;
        }

        var task = parsed.Value;
        var ports = task.Resources.Where(r => r.Name == "ports" && r.Value.Type == Protocol.Resources.ValueType.RANGES)
            .SelectMany(r => r.Value.Ranges)
            .SelectMany(r => Enumerable.Range(0, (int)Math.Min(r.End - r.Begin + 1, 1000)).Select(i => r.Begin + i))
            .ToArray();
        var environment = new Dictionary<string, string>(task.Environment)
        {
            ["HOST"] = hostname,
            ["PORTS"] = string.Join(",", ports),
        };
        for (var i = 0; i < ports.Length; i++)
        {
            environment["PORT" + i.ToString(CultureInfo.InvariantCulture)] = ports[i].ToString(CultureInfo.InvariantCulture);
        }

        if (ports.Length > 0)
        {
            environment["PORT"] = ports[0].ToString(CultureInfo.InvariantCulture);
        }

        _supervisor.Launch(new TaskLaunch
        {
            FrameworkId = run.FrameworkId,
            TaskId = task.TaskId,
            Name = task.Name,
            Command = task.Command,
            Shell = task.Shell,
            Arguments = task.Arguments,
            Environment = environment,
            KillGracePeriod = task.KillGracePeriodNanoseconds is { } ns ? TimeSpan.FromTicks(ns / 100) : TimeSpan.FromSeconds(3),
        });
        await EnqueueAsync(run.FrameworkId, task.TaskId, "TASK_RUNNING", null, null, terminal: false);
    }

    public Task KillAsync(KillTask kill)
    {
        var grace = kill.HasGracePeriodNanoseconds ? TimeSpan.FromTicks(kill.GracePeriodNanoseconds / 100) : TimeSpan.FromSeconds(3);
        if (!_supervisor.Running.Contains((kill.FrameworkId, kill.TaskId)))
        {
            return EnqueueAsync(kill.FrameworkId, kill.TaskId, "TASK_LOST", "Task is not running on this agent", "REASON_TASK_UNKNOWN", terminal: true);
        }

        _ = _supervisor.KillAsync(kill.FrameworkId, kill.TaskId, grace, _stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Kills every running task (SIGUSR1, master shutdown) and waits until each has ended.</summary>
    public async Task KillAllAsync(TimeSpan grace)
    {
        await Task.WhenAll(_supervisor.Running.Select(t => _supervisor.KillAsync(t.Framework, t.Task, grace, CancellationToken.None)));
    }

    public async Task AcknowledgeAsync(StatusUpdateAcknowledgement ack)
    {
        PendingUpdate? next = null;
        lock (_gate)
        {
            if (!_pending.TryGetValue((ack.FrameworkId, ack.TaskId), out var queue) || queue.Count == 0 || queue.Peek().Uuid != ack.Uuid)
            {
                return;
            }

            var acked = queue.Dequeue();
            if (acked.Terminal)
            {
                _supervisor.MarkReported(ack.FrameworkId, ack.TaskId);
            }

            if (queue.Count > 0)
            {
                next = queue.Peek();
            }
            else
            {
                _pending.Remove((ack.FrameworkId, ack.TaskId));
            }
        }

        if (next is not null)
        {
            await SendAsync(next);
        }
    }

    /// <summary>Sends the oldest pending update of every task again (after re-registration, or on the resend timer).</summary>
    public async Task ResendAsync()
    {
        PendingUpdate[] heads;
        lock (_gate)
        {
            heads = _pending.Values.Where(q => q.Count > 0).Select(q => q.Peek()).ToArray();
        }

        foreach (var update in heads)
        {
            await SendAsync(update);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _supervisor.DisposeAsync();
        _supervisor.Dispose();
        _stopping.Dispose();
    }

    private async Task PumpExitsAsync()
    {
        try
        {
            await foreach (var exit in _supervisor.Exits.ReadAllAsync(_stopping.Token))
            {
                var reason = exit.Status < 0 ? "REASON_EXECUTOR_TERMINATED" : exit.KilledByRequest ? null : exit.Status == 0 ? null : "REASON_COMMAND_EXECUTOR_FAILED";
                var state = exit.Status < 0 && !exit.KilledByRequest ? "TASK_FAILED" : exit.State;
                await EnqueueAsync(exit.FrameworkId, exit.TaskId, state, exit.Status < 0 ? "The task's supervisor is gone" : exit.Message, reason, terminal: true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ResendLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(ResendInterval, time, _stopping.Token);
                await ResendAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task EnqueueAsync(string frameworkId, string taskId, string state, string? message, string? reason, bool terminal)
    {
        var uuid = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var status = new TaskStatusMessage(taskId, state, "SOURCE_EXECUTOR", agentId, UnixTime.Seconds(time.GetUtcNow()), uuid, message, reason, taskId);
        var update = new PendingUpdate(frameworkId, taskId, uuid, TaskStatusJson.Status(status), terminal);
        bool first;
        lock (_gate)
        {
            if (!_pending.TryGetValue((frameworkId, taskId), out var queue))
            {
                _pending[(frameworkId, taskId)] = queue = new Queue<PendingUpdate>();
            }

            queue.Enqueue(update);
            first = queue.Count == 1;
        }

        LogUpdate(taskId, state);
        if (first)
        {
            await SendAsync(update);
        }
    }

    private async Task SendAsync(PendingUpdate update)
    {
        if (Send is not { } send)
        {
            return;
        }

        try
        {
            await send(new AgentMessage
            {
                StatusUpdate = new StatusUpdate { FrameworkId = update.FrameworkId, StatusJson = Encoding.UTF8.GetString(update.StatusJson) },
            });
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The channel broke; the update stays pending and is resent.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status update {State} for task {TaskId}")]
    private partial void LogUpdate(string taskId, string state);

    private sealed record PendingUpdate(string FrameworkId, string TaskId, string Uuid, byte[] StatusJson, bool Terminal);
}
