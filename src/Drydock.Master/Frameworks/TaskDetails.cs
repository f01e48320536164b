using System.Text.Json;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Frameworks;

/// <summary>
/// The parts of a task's <c>TaskInfo</c> its task object shows: the role its resources are allocated to, the user it runs
/// as, its executor (none for a command task), labels, discovery and container.
/// </summary>
internal sealed record TaskDetails(string Role, string? User, string? ExecutorId, IReadOnlyList<Label> Labels, JsonElement? Discovery, JsonElement? Container)
{
    public static TaskDetails None { get; } = new("*", null, null, [], null, null);

    /// <summary>
    /// From the task's info and, when known, its framework's: the role is the one its reserved resources name, else the
    /// framework's (first) role; the user is the command's, else the framework's.
    /// </summary>
    public static TaskDetails From(TaskInfoMessage task, FrameworkInfo? framework) => new(
        task.Resources.FirstOrDefault(r => r.IsReserved)?.Role ?? (framework is { Roles.Count: > 0 } ? framework.Roles[0] : "*"),
        task.User ?? framework?.User,
        task.ExecutorId,
        task.Labels,
        task.Discovery,
        task.Container);
}
