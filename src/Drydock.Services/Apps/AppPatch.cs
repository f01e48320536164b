namespace Drydock.Services.Apps;

/// <summary>
/// The app fields one request body gave, read and shape-checked but not yet merged: null means "not given" (absent or
/// <c>null</c>). <see cref="ApplyTo"/> lays them over a basis (the defaults for a create or a whole replacement, the
/// stored app for a partial update): each field given replaces the basis's whole, maps and lists included.
/// </summary>
internal sealed record AppPatch
{
    /// <summary>The <c>id</c> text as sent (relative ids not yet resolved).</summary>
    public string? Id { get; init; }

    public string? Cmd { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public string? User { get; init; }

    public IReadOnlyDictionary<string, EnvValue>? Env { get; init; }

    public IReadOnlyDictionary<string, string>? Secrets { get; init; }

    public int? Instances { get; init; }

    public double? Cpus { get; init; }

    public double? Mem { get; init; }

    public double? Disk { get; init; }

    public int? Gpus { get; init; }

    public string? Executor { get; init; }

    public IReadOnlyList<Constraint>? Constraints { get; init; }

    /// <summary><c>fetch</c>, or the deprecated <c>uris</c> already turned into fetch entries.</summary>
    public IReadOnlyList<FetchUri>? Fetch { get; init; }

    /// <summary><c>portDefinitions</c>, or the deprecated <c>ports</c> already turned into port definitions.</summary>
    public IReadOnlyList<PortDefinition>? PortDefinitions { get; init; }

    public bool? RequirePorts { get; init; }

    /// <summary>Given as <c>{"type":"MESOS"}</c> (or a container the reader refused, then with the refusal recorded).</summary>
    public ContainerDefinition? Container { get; init; }

    public IReadOnlyList<HealthCheckDefinition>? HealthChecks { get; init; }

    public IReadOnlyList<ReadinessCheckDefinition>? ReadinessChecks { get; init; }

    public UpgradeStrategy? UpgradeStrategy { get; init; }

    public UnreachableStrategy? UnreachableStrategy { get; init; }

    public KillSelection? KillSelection { get; init; }

    public int? BackoffSeconds { get; init; }

    public double? BackoffFactor { get; init; }

    public int? MaxLaunchDelaySeconds { get; init; }

    public int? TaskKillGracePeriodSeconds { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The dependency ids as sent; relative ones are resolved against the app's group on merge.</summary>
    public IReadOnlyList<string>? Dependencies { get; init; }

    public IReadOnlyList<string>? AcceptedResourceRoles { get; init; }

    public string? Role { get; init; }

    /// <summary>The <c>version</c> member: on PUT alone (or with <c>id</c>) a rollback; ignored on create.</summary>
    public DateTimeOffset? Version { get; init; }

    /// <summary>How many definition fields other than <c>id</c> and <c>version</c> were given (read-only fields not counted).</summary>
    public int DefinitionFieldCount { get; init; }

    /// <summary>
    /// Merges the given fields over <paramref name="basis"/> (whose id, version and versionInfo are kept) and fills in
    /// the defaults that depend on other fields: health checks without a port get <c>portIndex</c> 0 when the app has ports.
    /// </summary>
    public AppDefinition ApplyTo(AppDefinition basis)
    {
        var ports = PortDefinitions ?? basis.PortDefinitions;
        var app = basis with
        {
            Cmd = Cmd ?? basis.Cmd,
            Args = Args ?? basis.Args,
            User = User ?? basis.User,
            Env = Env ?? basis.Env,
            Secrets = Secrets ?? basis.Secrets,
            Instances = Instances ?? basis.Instances,
            Cpus = Cpus ?? basis.Cpus,
            Mem = Mem ?? basis.Mem,
            Disk = Disk ?? basis.Disk,
            Gpus = Gpus ?? basis.Gpus,
            Executor = Executor ?? basis.Executor,
            Constraints = Constraints ?? basis.Constraints,
            Fetch = Fetch ?? basis.Fetch,
            PortDefinitions = ports,
            RequirePorts = RequirePorts ?? basis.RequirePorts,
            Container = Container ?? basis.Container,
            HealthChecks = (HealthChecks ?? basis.HealthChecks).Select(c => WithDefaultPortIndex(c, ports.Count > 0)).ToArray(),
            ReadinessChecks = ReadinessChecks ?? basis.ReadinessChecks,
            UpgradeStrategy = UpgradeStrategy ?? basis.UpgradeStrategy,
            UnreachableStrategy = UnreachableStrategy ?? basis.UnreachableStrategy,
            KillSelection = KillSelection ?? basis.KillSelection,
            BackoffSeconds = BackoffSeconds ?? basis.BackoffSeconds,
            BackoffFactor = BackoffFactor ?? basis.BackoffFactor,
            MaxLaunchDelaySeconds = MaxLaunchDelaySeconds ?? basis.MaxLaunchDelaySeconds,
            TaskKillGracePeriodSeconds = TaskKillGracePeriodSeconds ?? basis.TaskKillGracePeriodSeconds,
            Labels = Labels ?? basis.Labels,
            AcceptedResourceRoles = AcceptedResourceRoles ?? basis.AcceptedResourceRoles,
            Role = Role ?? basis.Role,
        };

        return Dependencies is null
            ? app
            : app with { Dependencies = Dependencies.Select(d => PathId.Parse(d, basis.Id.Parent)).Distinct().ToArray() };
    }

    private static HealthCheckDefinition WithDefaultPortIndex(HealthCheckDefinition check, bool appHasPorts) =>
        check is { Protocol: not HealthCheckProtocol.Command, Port: null, PortIndex: null } && appHasPorts ? check with { PortIndex = 0 } : check;
}
