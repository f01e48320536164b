using System.Globalization;
using System.Text;

namespace Drydock.Services.Apps;

/// <summary>
/// The environment Marathon gives a task (marathon.md §2.3): the host ports as <c>PORT0…</c>, <c>PORT</c>,
/// <c>PORT_&lt;NAME&gt;</c>, <c>PORT_&lt;port&gt;</c> (for fixed ports) and <c>PORTS</c>; <c>HOST</c>; the
/// <c>MARATHON_APP_*</c> variables; <c>MESOS_TASK_ID</c>; and the app's own <c>env</c> last, so it has the last word.
/// </summary>
internal static class TaskEnvironment
{
    /// <summary>Labels whose key or value is longer than this are not put into the environment.</summary>
    public const int MaxLabelLength = 512;

    /// <summary>The variables in the order they are set; a later one with the same name replaces the earlier.</summary>
    public static IReadOnlyDictionary<string, string> Build(AppDefinition app, string taskId, string host, IReadOnlyList<int> hostPorts)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < hostPorts.Count; i++)
        {
            var port = Text(hostPorts[i]);
            env["PORT" + Text(i)] = port;
            if (i < app.PortDefinitions.Count)
            {
                var definition = app.PortDefinitions[i];
                if (definition.Port != 0)
                {
                    env["PORT_" + Text(definition.Port)] = port;
                }

                if (definition.Name is { } name)
                {
                    env["PORT_" + name.ToUpperInvariant()] = port;
                }
            }
        }

        if (hostPorts.Count > 0)
        {
            env["PORT"] = Text(hostPorts[0]);
            env["PORTS"] = string.Join(',', hostPorts.Select(Text));
        }

        env["HOST"] = host;
        env["MARATHON_APP_ID"] = app.Id.Value;
        env["MARATHON_APP_VERSION"] = MarathonTime.Format(app.Version);
        env["MARATHON_APP_RESOURCE_CPUS"] = Scalar(app.Cpus);
        env["MARATHON_APP_RESOURCE_MEM"] = Scalar(app.Mem);
        env["MARATHON_APP_RESOURCE_DISK"] = Scalar(app.Disk);
        env["MARATHON_APP_RESOURCE_GPUS"] = Text(app.Gpus);
        var labels = app.Labels.Where(l => l.Key.Length <= MaxLabelLength && l.Value.Length <= MaxLabelLength)
            .Select(l => (Name: Sanitise(l.Key), l.Value)).ToList();
        env["MARATHON_APP_LABELS"] = string.Join(' ', labels.Select(l => l.Name));
        foreach (var (name, value) in labels)
        {
            env["MARATHON_APP_LABEL_" + name] = value;
        }

        env["MESOS_TASK_ID"] = taskId;
        foreach (var (name, value) in app.Env)
        {
            if (value.Value is { } text)
            {
                env[name] = text;
            }
        }

        return env;
    }

    /// <summary>A label key as a variable name: upper case, every character outside <c>[a-zA-Z0-9_]</c> as <c>_</c>.</summary>
    public static string Sanitise(string key)
    {
        var name = new StringBuilder(key.Length);
        foreach (var c in key.ToUpperInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return name.ToString();
    }

    /// <summary>A resource amount as the JVM prints a double (<c>1.0</c>, <c>0.25</c>, <c>128.0</c>).</summary>
    public static string Scalar(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e7 ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
