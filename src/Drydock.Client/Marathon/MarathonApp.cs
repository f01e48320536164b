namespace Drydock.Client.Marathon;

/// <summary>
/// An app as <c>GET /v2/apps</c> and <c>GET /v2/apps/{id}</c> show it (marathon.md §3.1): the fields the CLI reads,
/// the others ignored. Fields the server left out keep their defaults.
/// </summary>
public sealed record MarathonApp
{
    /// <summary>The absolute app id, e.g. <c>/web</c> or <c>/prod/api</c>.</summary>
    public string Id { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The shell command, if the app has one.</summary>
    public string? Cmd { get; init; }

    /// <summary>The command's arguments when it runs without a shell.</summary>
    public IReadOnlyList<string> Args { get; init => field = value ?? []; } = [];

    /// <summary>The number of instances wanted.</summary>
    public int Instances { get; init; }

    /// <summary>CPUs per instance.</summary>
    public double Cpus { get; init; }

    /// <summary>Memory per instance, in MiB.</summary>
    public double Mem { get; init; }

    /// <summary>Disk per instance, in MiB.</summary>
    public double Disk { get; init; }

    /// <summary>The version: the time of the last change.</summary>
    public DateTimeOffset? Version { get; init; }

    /// <summary>Tasks not yet running (no state yet, or staging).</summary>
    public int TasksStaged { get; init; }

    /// <summary>Tasks in <c>TASK_RUNNING</c>.</summary>
    public int TasksRunning { get; init; }

    /// <summary>Tasks whose health results are all alive (0 for an app without health checks).</summary>
    public int TasksHealthy { get; init; }

    /// <summary>Tasks with a health result that is not alive.</summary>
    public int TasksUnhealthy { get; init; }

    /// <summary>The app's health checks, as the server wrote them.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> HealthChecks { get; init => field = value ?? []; } = [];

    /// <summary>The running deployments that affect the app.</summary>
    public IReadOnlyList<MarathonDeploymentRef> Deployments { get; init => field = value ?? []; } = [];

    /// <summary>The app's tasks, where the reply embeds them (<c>GET /v2/apps/{id}</c> does).</summary>
    public IReadOnlyList<MarathonTask> Tasks { get; init => field = value ?? []; } = [];

    /// <summary>The last task that failed, if any.</summary>
    public MarathonTaskFailure? LastTaskFailure { get; init; }
}
