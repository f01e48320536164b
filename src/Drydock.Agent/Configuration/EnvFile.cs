namespace Drydock.Agent.Configuration;

/// <summary>
/// Reads <c>KEY=VALUE</c> files as systemd's <c>EnvironmentFile=</c> does, so DC/OS files such as
/// <c>/var/lib/dcos/mesos-slave-common</c> and <c>/var/lib/dcos/mesos-resources</c> work as they are:
/// <c>#</c> and <c>;</c> start comments, blank lines are skipped, an optional <c>export </c> is dropped, and one pair of
/// surrounding single or double quotes is removed from the value.
/// </summary>
internal static class EnvFile
{
    public static IReadOnlyDictionary<string, string> Parse(string text, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"{source}:{number}: expecting KEY=VALUE, got '{line}'");
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')))
            {
                value = value[1..^1];
            }

            values[key] = value;
        }

        return values;
    }

    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read env file '{path}': {e.Message}", e);
        }
    }
}
