namespace Drydock.Agent.Configuration;

/// <summary>
/// Merges the agent's flag sources. Precedence, highest first: a flag on the command line; the env files given
/// with <c>--env-file</c> (a later file wins over an earlier one); the process environment. In a file and in the
/// environment a flag is <c>DRYDOCK_&lt;NAME&gt;</c> or <c>MESOS_&lt;NAME&gt;</c> (e.g. <c>MESOS_ATTRIBUTES</c>);
/// where both are set in the same source, <c>DRYDOCK_</c> wins.
/// </summary>
internal static class AgentSettingsLoader
{
    public static readonly string[] FlagNames =
    [
        "master", "ip", "hostname", "port", "work_dir", "resources", "attributes", "default_role",
        "reconfiguration_policy", "log_level", "registration_backoff_factor",
    ];

    public static AgentSettings Load(
        IReadOnlyDictionary<string, string> commandLine,
        IReadOnlyList<string> envFiles,
        IReadOnlyDictionary<string, string> environment)
    {
        var files = envFiles.Select(path => (Source: path, Values: EnvFile.Load(path))).ToArray();
        var values = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var name in FlagNames)
        {
            if (commandLine.TryGetValue(name, out var flag))
            {
                values[name] = (flag, "--" + name.Replace('_', '-'));
                continue;
            }

            var fromFile = files.Reverse().Select(f => (f.Source, Value: Lookup(f.Values, name))).FirstOrDefault(f => f.Value is not null);
            if (fromFile.Value is not null)
            {
                values[name] = (fromFile.Value, fromFile.Source);
                continue;
            }

            if (Lookup(environment, name) is { } env)
            {
                values[name] = (env, "environment");
            }
        }

        return new AgentSettings { Values = values };
    }

    private static string? Lookup(IReadOnlyDictionary<string, string> source, string name)
    {
        var upper = name.ToUpperInvariant();
        return source.TryGetValue("DRYDOCK_" + upper, out var drydock) ? drydock
            : source.TryGetValue("MESOS_" + upper, out var mesos) ? mesos
            : null;
    }
}
