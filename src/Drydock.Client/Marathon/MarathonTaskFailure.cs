namespace Drydock.Client.Marathon;

/// <summary>An app's <c>lastTaskFailure</c>: the last task that ended in failure and why.</summary>
public sealed record MarathonTaskFailure
{
    /// <summary>The task's id.</summary>
    public string TaskId { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The terminal state, e.g. <c>TASK_FAILED</c>.</summary>
    public string State { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The status message of the failure.</summary>
    public string Message { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The host the task ran on.</summary>
    public string? Host { get; init; }

    /// <summary>When the failure was seen.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
