using System.Text.Json;
using System.Text.RegularExpressions;

namespace Drydock.Services.Apps;

/// <summary>
/// Reads one app object of a request body into an <see cref="AppPatch"/>. Unknown members and the read-only members a
/// client may send back (<c>tasks</c>, <c>tasksRunning</c>, <c>deployments</c>, <c>versionInfo</c>, …) are ignored;
/// members this command scheduler cannot honour (<c>tty</c>, <c>check</c>, <c>executorResources</c>, …) are refused.
/// </summary>
internal static partial class AppPatchReader
{
    /// <summary>The members of an app definition other than <c>id</c> and <c>version</c>; read-only members are not among them.</summary>
    public static readonly IReadOnlyList<string> DefinitionFields =
    [
        "cmd", "args", "user", "env", "secrets", "instances", "cpus", "mem", "disk", "gpus", "executor", "constraints",
        "fetch", "uris", "portDefinitions", "ports", "requirePorts", "networks", "container", "healthChecks",
        "readinessChecks", "upgradeStrategy", "unreachableStrategy", "killSelection", "backoffSeconds", "backoffFactor",
        "maxLaunchDelaySeconds", "taskKillGracePeriodSeconds", "labels", "dependencies", "acceptedResourceRoles", "role",
        "residency", "tty", "check", "executorResources", "resourceLimits", "ipAddress", "storeUrls",
    ];

    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["check"] = "'check' is not supported: use healthChecks",
        ["executorResources"] = "'executorResources' is not supported: this scheduler runs commands with the command executor",
        ["resourceLimits"] = "'resourceLimits' is not supported: this scheduler runs commands with the resources they ask for",
        ["ipAddress"] = "'ipAddress' is not supported: this scheduler runs commands on host networking only",
        ["residency"] = "'residency' is not supported: this scheduler runs no resident (persistent volume) apps",
    };

    private static readonly Dictionary<string, KillSelection> KillSelections = new(StringComparer.Ordinal)
    {
        ["YOUNGEST_FIRST"] = KillSelection.YoungestFirst,
        ["OLDEST_FIRST"] = KillSelection.OldestFirst,
    };

    public const string TtyRefused = "'tty' is not supported: this scheduler runs commands without a terminal";

    public static AppPatch Read(JsonElement app, AppReadScope scope)
    {
        var f = scope.Fields;
        foreach (var (name, text) in Unsupported)
        {
            if (JsonFields.Has(app, name))
            {
                scope.Rules.Add("/" + name, text);
            }
        }

        if (f.Bool(app, "tty", "") == true)
        {
            scope.Rules.Add("/tty", TtyRefused);
        }

        var executor = f.String(app, "executor", "");
        if (executor is not null && !Executor().IsMatch(executor))
        {
            scope.Shape.Add("/executor", "error.pattern");
        }

        ContainerReader.CheckNetworks(app, scope);
        var patch = new AppPatch
        {
            Id = f.String(app, "id", ""),
            Cmd = f.String(app, "cmd", "", minLength: 1),
            Args = f.StringArray(app, "args", ""),
            User = f.String(app, "user", ""),
            Env = AppPartsReader.ReadEnv(app, scope),
            Secrets = AppPartsReader.ReadSecrets(app, scope),
            Instances = f.Int32(app, "instances", "", min: 0),
            Cpus = f.Double(app, "cpus", "", min: 0.001),
            Mem = f.Double(app, "mem", "", min: 0),
            Disk = f.Double(app, "disk", "", min: 0),
            Gpus = f.Int32(app, "gpus", "", min: 0),
            Executor = executor,
            Constraints = ConstraintReader.Read(app, scope),
            Fetch = AppPartsReader.ReadFetch(app, scope),
            PortDefinitions = AppPartsReader.ReadPorts(app, scope),
            RequirePorts = f.Bool(app, "requirePorts", ""),
            Container = ContainerReader.ReadContainer(app, scope),
            HealthChecks = HealthCheckReader.ReadHealthChecks(app, scope),
            ReadinessChecks = HealthCheckReader.ReadReadinessChecks(app, scope),
            UpgradeStrategy = AppPartsReader.ReadUpgradeStrategy(app, scope),
            UnreachableStrategy = AppPartsReader.ReadUnreachableStrategy(app, scope),
            KillSelection = f.Enum(app, "killSelection", "", KillSelections),
            BackoffSeconds = f.Int32(app, "backoffSeconds", "", min: 0),
            BackoffFactor = f.Double(app, "backoffFactor", "", min: 1.0),
            MaxLaunchDelaySeconds = f.Int32(app, "maxLaunchDelaySeconds", "", min: 0),
            TaskKillGracePeriodSeconds = f.Int32(app, "taskKillGracePeriodSeconds", "", min: 0),
            Labels = f.StringMap(app, "labels", ""),
            Dependencies = ReadDependencies(app, scope),
            AcceptedResourceRoles = f.StringArray(app, "acceptedResourceRoles", ""),
            Role = f.String(app, "role", "", minLength: 1),
            Version = ReadVersion(app, scope),
            DefinitionFieldCount = DefinitionFields.Count(name => JsonFields.Has(app, name)),
        };

        _ = f.StringArray(app, "storeUrls", "");
        return patch;
    }

    private static IReadOnlyList<string>? ReadDependencies(JsonElement app, AppReadScope scope)
    {
        if (scope.Fields.StringArray(app, "dependencies", "") is not { } dependencies)
        {
            return null;
        }

        for (var i = 0; i < dependencies.Count; i++)
        {
            if (!AppIdRules.SegmentsMatch(dependencies[i]))
            {
                scope.Shape.Add(JsonFields.Index("/dependencies", i), "error.pattern");
            }
        }

        return dependencies;
    }

    private static DateTimeOffset? ReadVersion(JsonElement app, AppReadScope scope)
    {
        if (scope.Fields.String(app, "version", "") is not { } text)
        {
            return null;
        }

        if (MarathonTime.TryParse(text, out var version))
        {
            return version;
        }

        scope.Shape.Add("/version", "error.expected.date.isoformat");
        return null;
    }

    [GeneratedRegex("^(?://cmd|/?[^/]+(?:/[^/]+)*|)$")]
    private static partial Regex Executor();
}
