using System.Text;
using System.Text.Json;

namespace Drydock.Services.Apps;

/// <summary>
/// Writes an app as Marathon's responses show it (marathon.md §1, §3.1): unset optional fields left out, the
/// <c>omitEmpty</c> lists and maps left out when empty, fields with a RAML default always written, timestamps as
/// <c>…T…​.fffZ</c>. Only keys of <see cref="Keys"/> are ever written (the Python client refuses any other).
/// </summary>
internal static class AppJson
{
    /// <summary>Every key an app object may carry: the definition fields plus the embeds (python3-marathon's App model).</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        "acceptedResourceRoles", "args", "backoffFactor", "backoffSeconds", "cmd", "constraints", "container", "cpus",
        "dependencies", "deployments", "disk", "env", "executor", "healthChecks", "id", "role", "instances", "killSelection",
        "labels", "lastTaskFailure", "maxLaunchDelaySeconds", "mem", "ports", "requirePorts", "storeUrls", "taskRateLimit",
        "tasks", "tasksRunning", "tasksStaged", "tasksHealthy", "taskKillGracePeriodSeconds", "tasksUnhealthy",
        "upgradeStrategy", "unreachableStrategy", "uris", "user", "version", "versionInfo", "ipAddress", "fetch",
        "taskStats", "readinessChecks", "readinessCheckResults", "secrets", "portDefinitions", "residency", "gpus", "networks",
    };

    /// <summary>Writes the app object; <paramref name="embeds"/> appends members (counts, tasks, …) before it closes.</summary>
    public static void Write(Utf8JsonWriter writer, AppDefinition app, Action<Utf8JsonWriter>? embeds = null)
    {
        writer.WriteStartObject();
        WriteFields(writer, app);
        embeds?.Invoke(writer);
        writer.WriteEndObject();
    }

    public static string ToJson(AppDefinition app, Action<Utf8JsonWriter>? embeds = null) =>
        Encoding.UTF8.GetString(MarathonJson.ToBytes(w => Write(w, app, embeds)));

    /// <summary>Writes the app's own members into an object the caller has opened.</summary>
    public static void WriteFields(Utf8JsonWriter w, AppDefinition app)
    {
        w.WriteString("id", app.Id.Value);
        WriteIf(w, "cmd", app.Cmd);
        if (app.Args.Count > 0)
        {
            WriteStrings(w, "args", app.Args);
        }

        WriteIf(w, "user", app.User);
        if (app.Env.Count > 0)
        {
            w.WriteStartObject("env");
            foreach (var (name, value) in app.Env)
            {
                if (value.Secret is { } secret)
                {
                    w.WriteStartObject(name);
                    w.WriteString("secret", secret);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteString(name, value.Value ?? "");
                }
            }

            w.WriteEndObject();
        }

        w.WriteNumber("instances", app.Instances);
        w.WriteNumber("cpus", app.Cpus);
        w.WriteNumber("mem", app.Mem);
        w.WriteNumber("disk", app.Disk);
        w.WriteNumber("gpus", app.Gpus);
        w.WriteString("executor", app.Executor);
        if (app.Constraints.Count > 0)
        {
            w.WriteStartArray("constraints");
            foreach (var constraint in app.Constraints)
            {
                w.WriteStartArray();
                w.WriteStringValue(constraint.Field);
                w.WriteStringValue(ConstraintReader.Name(constraint.Operator));
                if (constraint.Value is { } value)
                {
                    w.WriteStringValue(value);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        if (app.Fetch.Count > 0)
        {
            w.WriteStartArray("fetch");
            foreach (var fetch in app.Fetch)
            {
                w.WriteStartObject();
                w.WriteString("uri", fetch.Uri);
                w.WriteBoolean("extract", fetch.Extract);
                w.WriteBoolean("executable", fetch.Executable);
                w.WriteBoolean("cache", fetch.Cache);
                WriteIf(w, "destPath", fetch.DestPath);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteNumber("backoffSeconds", app.BackoffSeconds);
        w.WriteNumber("backoffFactor", app.BackoffFactor);
        w.WriteNumber("maxLaunchDelaySeconds", app.MaxLaunchDelaySeconds);
        if (app.Container is { } container)
        {
            WriteContainer(w, container);
        }

        if (app.HealthChecks.Count > 0)
        {
            w.WriteStartArray("healthChecks");
            foreach (var check in app.HealthChecks)
            {
                HealthCheckJson.Write(w, check);
            }

            w.WriteEndArray();
        }

        if (app.ReadinessChecks.Count > 0)
        {
            w.WriteStartArray("readinessChecks");
            foreach (var check in app.ReadinessChecks)
            {
                HealthCheckJson.Write(w, check);
            }

            w.WriteEndArray();
        }

        if (app.Dependencies.Count > 0)
        {
            WriteStrings(w, "dependencies", app.Dependencies.Select(d => d.Value));
        }

        w.WriteStartObject("upgradeStrategy");
        w.WriteNumber("minimumHealthCapacity", app.UpgradeStrategy.MinimumHealthCapacity);
        w.WriteNumber("maximumOverCapacity", app.UpgradeStrategy.MaximumOverCapacity);
        w.WriteEndObject();
        WriteMap(w, "labels", app.Labels);
        if (app.AcceptedResourceRoles is { } roles)
        {
            WriteStrings(w, "acceptedResourceRoles", roles);
        }

        if (app.Version != default)
        {
            w.WriteString("version", MarathonTime.Format(app.Version));
        }

        if (app.VersionInfo is { } info)
        {
            w.WriteStartObject("versionInfo");
            w.WriteString("lastScalingAt", MarathonTime.Format(info.LastScalingAt));
            w.WriteString("lastConfigChangeAt", MarathonTime.Format(info.LastConfigChangeAt));
            w.WriteEndObject();
        }

        if (app.Secrets.Count > 0)
        {
            w.WriteStartObject("secrets");
            foreach (var (name, source) in app.Secrets)
            {
                w.WriteStartObject(name);
                w.WriteString("source", source);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteString("killSelection", app.KillSelection == KillSelection.OldestFirst ? "OLDEST_FIRST" : "YOUNGEST_FIRST");
        WriteUnreachable(w, app.UnreachableStrategy);
        if (app.TaskKillGracePeriodSeconds is { } grace)
        {
            w.WriteNumber("taskKillGracePeriodSeconds", grace);
        }

        w.WriteStartArray("networks");
        w.WriteStartObject();
        w.WriteString("mode", "host");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("portDefinitions");
        foreach (var port in app.PortDefinitions)
        {
            w.WriteStartObject();
            w.WriteNumber("port", port.Port);
            w.WriteString("protocol", port.Protocol);
            WriteIf(w, "name", port.Name);
            if (port.Labels.Count > 0)
            {
                WriteMap(w, "labels", port.Labels);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("requirePorts", app.RequirePorts);
        w.WriteString("role", app.Role);
    }

    private static void WriteContainer(Utf8JsonWriter w, ContainerDefinition container)
    {
        w.WriteStartObject("container");
        w.WriteString("type", container.Type);
        w.WriteStartArray("volumes");
        foreach (var volume in container.Volumes)
        {
            w.WriteStartObject();
            w.WriteString("containerPath", volume.ContainerPath);
            w.WriteString("hostPath", volume.HostPath);
            w.WriteString("mode", volume.Mode);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteUnreachable(Utf8JsonWriter w, UnreachableStrategy strategy)
    {
        if (strategy.Disabled)
        {
            w.WriteString("unreachableStrategy", "disabled");
            return;
        }

        w.WriteStartObject("unreachableStrategy");
        w.WriteNumber("inactiveAfterSeconds", (long)strategy.InactiveAfter.TotalSeconds);
        w.WriteNumber("expungeAfterSeconds", (long)strategy.ExpungeAfter.TotalSeconds);
        w.WriteEndObject();
    }

    internal static void WriteIf(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    internal static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    internal static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }
}
