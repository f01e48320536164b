namespace Drydock.Agent.Tasks;

/// <summary>
/// What the agent needs to run one task, as it checkpoints it in <c>task.info</c>: the command (a shell line, or an
/// executable and its argv), the environment, and the grace period between SIGTERM and SIGKILL.
/// </summary>
internal sealed record TaskLaunch
{
    public required string FrameworkId { get; init; }

    public required string TaskId { get; init; }

    public required string Name { get; init; }

    /// <summary>With <see cref="Shell"/>, a line for <c>sh -c</c>; otherwise the executable.</summary>
    public required string Command { get; init; }

    public bool Shell { get; init; } = true;

    /// <summary>argv for a non-shell command, <c>argv[0]</c> included (as Mesos's <c>CommandInfo.arguments</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeSpan KillGracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The Mesos TaskInfo the master sent (protobuf-JSON), reported back to the master on re-registration.</summary>
    public string? TaskInfoJson { get; init; }

    /// <summary>When the task's process was started; its health check's delay and grace period count from it.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The framework is partition-aware: a drain that marks the agent gone reports TASK_GONE_BY_OPERATOR to it.</summary>
    public bool PartitionAware { get; init; }
}

/// <summary>A task found in the work dir at recovery: how it was launched and where its run lives.</summary>
internal sealed record RecoveredTask(TaskLaunch Launch, TaskRunPaths Run);
