using System.Globalization;

namespace Drydock.Services.Apps;

/// <summary>
/// The rules of a whole, normalised app (marathon.md §2.1, §2.2, §2.5, §2.6), each broken one recorded with Marathon's
/// message at its path; every violation is reported, not only the first.
/// </summary>
internal static class AppValidator
{
    public const string CmdOrArgs = "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.";
    public const string EmptyCmd = "must not be an empty string";
    public const string SecretsFeature = "Feature secrets is not enabled. Enable with --enable_features secrets)";
    public const string EnvSecretsFeature = "use of secret-references in the environment requires the secrets feature to be enabled";
    public const string GpuFeature = "Feature gpu_resources is not enabled. Enable with --enable_features gpu_resources)";
    public const string PortNamesUnique = "Port names must be unique.";
    public const string PortsUnique = "Ports must be unique.";
    public const string HealthPortIndex = "Health check port indices must address an element of the ports array or container port mappings.";
    public const string OneMesosCheck = "AppDefinition can contain at most one Mesos health check";
    public const string MixedChecks = "AppDefinition cannot mix Marathon health checks (HTTP, HTTPS, TCP) with Mesos health checks (MESOS_HTTP, MESOS_HTTPS, MESOS_TCP)";
    public const string Ipv6Check = "IPv6 can only be used for container type DOCKER and Mesos http/https/tcp health checks";
    public const string SingleInstance = "Single instance app may only have one instance";
    public const string SingleInstanceLabel = "MARATHON_SINGLE_INSTANCE_APP";
    public const string MigrationApi = "DCOS_PACKAGE_FRAMEWORK_NAME and DCOS_MIGRATION_API_PATH must be defined when using DCOS_MIGRATION_API_VERSION";
    public const string RolesNotEmpty = "must not be empty";
    public const string RolesUnique = "elements must be unique";

    public static IReadOnlyList<ProblemDetail> Validate(AppDefinition app, AppRules rules)
    {
        var problems = new ProblemCollector();
        Validate(app, rules, problems);
        return problems.ToDetails();
    }

    public static void Validate(AppDefinition app, AppRules rules, ProblemCollector problems)
    {
        CheckCommand(app, problems);
        CheckFeatures(app, problems);
        CheckPorts(app, problems);
        CheckHealthChecks(app, problems);
        CheckReadinessChecks(app, problems);
        CheckStrategies(app, problems);
        CheckRoles(app, rules, problems);
    }

    private static void CheckCommand(AppDefinition app, ProblemCollector problems)
    {
        if (app.Cmd is { Length: 1 })
        {
            problems.Add("", EmptyCmd);
        }

        // A container with an image would count too, but no such container is ever accepted.
        if (!(app.Cmd is not null ^ app.Args.Count > 0))
        {
            problems.Add("", CmdOrArgs);
        }
    }

    private static void CheckFeatures(AppDefinition app, ProblemCollector problems)
    {
        if (app.Secrets.Count > 0)
        {
            problems.Add("/secrets", SecretsFeature);
        }

        if (app.Env.Values.Any(v => v.Secret is not null))
        {
            problems.Add("/env", EnvSecretsFeature);
        }

        if (app.Gpus > 0)
        {
            problems.Add("", GpuFeature);
        }

        if (app.Labels.TryGetValue("DCOS_MIGRATION_API_VERSION", out var api) && api.Length > 0
            && !(api == "v1" && app.Labels.GetValueOrDefault("DCOS_PACKAGE_FRAMEWORK_NAME") is { Length: > 0 }
                && app.Labels.GetValueOrDefault("DCOS_MIGRATION_API_PATH") is { Length: > 0 }))
        {
            problems.Add("", MigrationApi);
        }
    }

    private static void CheckPorts(AppDefinition app, ProblemCollector problems)
    {
        var names = app.PortDefinitions.Where(p => p.Name is not null).Select(p => p.Name!).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            problems.Add("/portDefinitions", PortNamesUnique);
        }

        var fixedPorts = app.PortDefinitions.Where(p => p.Port != 0).Select(p => p.Port).ToList();
        if (fixedPorts.Distinct().Count() != fixedPorts.Count)
        {
            problems.Add("/portDefinitions", PortsUnique);
        }
    }

    private static void CheckHealthChecks(AppDefinition app, ProblemCollector problems)
    {
        var portCount = app.PortDefinitions.Count;
        for (var i = 0; i < app.HealthChecks.Count; i++)
        {
            var check = app.HealthChecks[i];
            var at = JsonFields.Index("/healthChecks", i);
            if (check.Protocol != HealthCheckProtocol.Command)
            {
                var addressed = check.PortIndex is { } index ? index < portCount : check.Port is not null || portCount == 1;
                if (!addressed)
                {
                    problems.Add(at, HealthPortIndex);
                }
            }

            if (check.IpProtocol == "IPv6")
            {
                problems.Add(JsonFields.Member(at, "ipProtocol"), Ipv6Check);
            }
        }

        var mesosLevel = app.HealthChecks.Count(c => c.Protocol is HealthCheckProtocol.MesosHttp or HealthCheckProtocol.MesosHttps or HealthCheckProtocol.MesosTcp);
        var marathonLevel = app.HealthChecks.Count(c => !c.RunByAgent);
        if (mesosLevel > 1)
        {
            problems.Add("", OneMesosCheck);
        }

        if (mesosLevel > 0 && marathonLevel > 0)
        {
            problems.Add("", MixedChecks);
        }
    }

    private static void CheckReadinessChecks(AppDefinition app, ProblemCollector problems)
    {
        if (app.ReadinessChecks.Count > 1)
        {
            problems.Add("/readinessChecks", string.Create(CultureInfo.InvariantCulture, $"got {app.ReadinessChecks.Count}, expected 1 or less"));
        }

        var portNames = app.PortDefinitions.Select(p => p.Name).Where(n => n is not null).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < app.ReadinessChecks.Count; i++)
        {
            var check = app.ReadinessChecks[i];
            var at = JsonFields.Index("/readinessChecks", i);
            if (!portNames.Contains(check.PortName))
            {
                problems.Add(JsonFields.Member(at, "portName"), $"No port definition reference for portName {check.PortName}");
            }

            if (check.TimeoutSeconds >= check.IntervalSeconds)
            {
                problems.Add(JsonFields.Member(at, "timeoutSeconds"), string.Create(CultureInfo.InvariantCulture, $"got {check.TimeoutSeconds}, expected less than {check.IntervalSeconds}"));
            }
        }
    }

    private static void CheckStrategies(AppDefinition app, ProblemCollector problems)
    {
        var unreachable = app.UnreachableStrategy;
        if (!unreachable.Disabled && unreachable.InactiveAfter > unreachable.ExpungeAfter)
        {
            problems.Add("/unreachableStrategy", string.Create(
                CultureInfo.InvariantCulture,
                $"inactiveAfterSeconds ({(long)unreachable.InactiveAfter.TotalSeconds}) must be less or equal to expungeAfterSeconds, which is {(long)unreachable.ExpungeAfter.TotalSeconds}"));
        }

        if (app.Labels.GetValueOrDefault(SingleInstanceLabel) != "true")
        {
            return;
        }

        if (app.Instances > 1)
        {
            problems.Add("", SingleInstance);
        }

        if (app.UpgradeStrategy.MinimumHealthCapacity != 0)
        {
            problems.Add("/upgradeStrategy/minimumHealthCapacity", "must be 0 for a single instance app (label MARATHON_SINGLE_INSTANCE_APP)");
        }

        if (app.UpgradeStrategy.MaximumOverCapacity != 0)
        {
            problems.Add("/upgradeStrategy/maximumOverCapacity", "must be 0 for a single instance app (label MARATHON_SINGLE_INSTANCE_APP)");
        }
    }

    private static void CheckRoles(AppDefinition app, AppRules rules, ProblemCollector problems)
    {
        var topGroup = app.Id.Segments.Count > 1 ? app.Id.Segments[0] : null;
        if (app.Role != rules.DefaultRole && app.Role != topGroup)
        {
            var allowed = topGroup is null ? $"'{rules.DefaultRole}'" : $"'{rules.DefaultRole}' or '{topGroup}'";
            problems.Add("/role", $"role '{app.Role}' is not allowed for {app.Id}: use {allowed} (the default role or the name of the app's top-level group)");
        }

        if (app.AcceptedResourceRoles is not { } roles)
        {
            return;
        }

        const string At = "/acceptedResourceRoles";
        if (roles.Count == 0)
        {
            problems.Add(At, RolesNotEmpty);
        }

        if (roles.Distinct(StringComparer.Ordinal).Count() != roles.Count)
        {
            problems.Add(At, RolesUnique);
        }

        if (roles.Any(r => r != "*" && r != app.Role))
        {
            problems.Add(At, $"acceptedResourceRoles can only contain * and {app.Role}");
        }
    }
}
