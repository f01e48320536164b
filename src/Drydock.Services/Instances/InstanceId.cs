namespace Drydock.Services.Instances;

/// <summary>
/// An instance of an app: the slot that a task (and after a relaunch, its next incarnation) fills. The text is
/// <c>&lt;safe app id&gt;.instance-&lt;uuid&gt;</c>; the task ids are that plus <c>._app.&lt;incarnation&gt;</c>.
/// </summary>
internal readonly record struct InstanceId(string Value)
{
    private const string TaskSuffix = "._app.";

    public static InstanceId New(Apps.PathId app) => new($"{app.Safe}.instance-{Guid.NewGuid():D}");

    /// <summary>The task id of incarnation <paramref name="incarnation"/> (1 first).</summary>
    public string TaskId(int incarnation) => Value + TaskSuffix + incarnation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a task id of Marathon's forms: <c>&lt;instance&gt;._app.N</c> (1.8+), <c>&lt;safe&gt;.&lt;uuid&gt;</c> or
    /// <c>&lt;safe&gt;.marathon-&lt;uuid&gt;</c>. Null when it is none of them.
    /// </summary>
    public static (InstanceId Instance, int Incarnation)? ParseTaskId(string taskId)
    {
        var at = taskId.LastIndexOf(TaskSuffix, StringComparison.Ordinal);
        if (at > 0 && int.TryParse(taskId.AsSpan(at + TaskSuffix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var incarnation) && incarnation > 0)
        {
            var instance = taskId[..at];
            return instance.Contains(".instance-", StringComparison.Ordinal) ? (new InstanceId(instance), incarnation) : null;
        }

        var dot = taskId.LastIndexOf('.');
        if (dot > 0)
        {
            var tail = taskId[(dot + 1)..];
            if (tail.StartsWith("marathon-", StringComparison.Ordinal))
            {
                tail = tail["marathon-".Length..];
            }

            if (Guid.TryParse(tail, out _))
            {
                return (new InstanceId(taskId), 1);
            }
        }

        return null;
    }

    public override string ToString() => Value;
}
