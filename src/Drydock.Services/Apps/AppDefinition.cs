namespace Drydock.Services.Apps;

/// <summary>
/// A stored app, normalised: every field of Marathon's app definition with its default filled in (marathon.md §2).
/// Immutable; a change makes a new version. Deprecated input forms (<c>uris</c>, <c>ports</c>) are turned into
/// <see cref="Fetch"/> and <see cref="PortDefinitions"/> by the reader and never kept.
/// </summary>
internal sealed record AppDefinition
{
    public required PathId Id { get; init; }

    public string? Cmd { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public string? User { get; init; }

    public IReadOnlyDictionary<string, EnvValue> Env { get; init; } = new Dictionary<string, EnvValue>();

    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    public int Instances { get; init; } = 1;

    public double Cpus { get; init; } = 1;

    public double Mem { get; init; } = 128;

    public double Disk { get; init; }

    public int Gpus { get; init; }

    public string Executor { get; init; } = "";

    public IReadOnlyList<Constraint> Constraints { get; init; } = [];

    public IReadOnlyList<FetchUri> Fetch { get; init; } = [];

    public IReadOnlyList<PortDefinition> PortDefinitions { get; init; } = [new PortDefinition(0, "tcp", "default")];

    public bool RequirePorts { get; init; }

    public ContainerDefinition? Container { get; init; }

    public IReadOnlyList<HealthCheckDefinition> HealthChecks { get; init; } = [];

    public IReadOnlyList<ReadinessCheckDefinition> ReadinessChecks { get; init; } = [];

    public UpgradeStrategy UpgradeStrategy { get; init; } = UpgradeStrategy.Default;

    public UnreachableStrategy UnreachableStrategy { get; init; } = UnreachableStrategy.Default;

    public KillSelection KillSelection { get; init; } = KillSelection.YoungestFirst;

    public int BackoffSeconds { get; init; } = 1;

    public double BackoffFactor { get; init; } = 1.15;

    public int MaxLaunchDelaySeconds { get; init; } = 300;

    public int? TaskKillGracePeriodSeconds { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<PathId> Dependencies { get; init; } = [];

    public IReadOnlyList<string>? AcceptedResourceRoles { get; init; }

    /// <summary>The role the app's tasks run under (Marathon 1.9+); the scheduler's <c>--role</c> by default.</summary>
    public string Role { get; init; } = "*";

    /// <summary>Set by the server when the app is stored; every change makes a new one.</summary>
    public DateTimeOffset Version { get; init; }

    /// <summary>Absent until the app has been stored through a deployment.</summary>
    public VersionInfo? VersionInfo { get; init; }

    /// <summary>The service ports given to <see cref="PortDefinitions"/> (same order); empty until assigned.</summary>
    public IReadOnlyList<int> ServicePorts => PortDefinitions.Select(p => p.Port).ToArray();

    /// <summary>The time config changes are counted from: backoff delays are kept per (app, this).</summary>
    public DateTimeOffset LastConfigChangeAt => VersionInfo?.LastConfigChangeAt ?? Version;
}
