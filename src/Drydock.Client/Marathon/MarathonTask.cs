namespace Drydock.Client.Marathon;

/// <summary>A task as <c>GET /v2/apps/{id}/tasks</c> shows it (marathon.md §3.2).</summary>
public sealed record MarathonTask
{
    /// <summary>The task id, e.g. <c>web.instance-…._app.1</c>.</summary>
    public string Id { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The app the task belongs to.</summary>
    public string AppId { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The agent's hostname.</summary>
    public string? Host { get; init; }

    /// <summary>The agent's id.</summary>
    public string? SlaveId { get; init; }

    /// <summary>The Mesos state, e.g. <c>TASK_RUNNING</c>.</summary>
    public string State { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>When the task was staged (only while it is active).</summary>
    public DateTimeOffset? StagedAt { get; init; }

    /// <summary>When the task started running (only once it has).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The host ports the task was given.</summary>
    public IReadOnlyList<int> Ports { get; init => field = value ?? []; } = [];

    /// <summary>The results of the task's health checks (empty without health checks, or before the first result).</summary>
    public IReadOnlyList<MarathonHealthResult> HealthCheckResults { get; init => field = value ?? []; } = [];
}
