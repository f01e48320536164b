using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Frameworks;

/// <summary>
/// The numbers of a task to launch, checked as Mesos's master checks them (<c>validateKillPolicy</c>,
/// <c>validateHealthCheck</c>, <c>validateResources</c>), in its order and words: the kill policy's grace period, the
/// health check, then the resources. A task that
/// fails gets TASK_ERROR (REASON_TASK_INVALID) and changes nothing in the books; so a task the books hold never uses a
/// negative, non-finite or out-of-range amount, and what every agent has in use stays within [0, total].
/// </summary>
internal static class TaskInfoValidator
{
    /// <summary>The first error, or null. <paramref name="allocationRole"/> is the role of the offer the task uses.</summary>
    public static string? Validate(TaskInfoMessage task, string allocationRole)
    {
        if (task.KillGracePeriodNanoseconds is < 0)
        {
            return "Task's 'kill_policy.grace_period' must be non-negative";
        }

        if (task.HealthCheck?.Validate() is { } check)
        {
            return "Task uses invalid health check: " + check;
        }

        if (task.Resources.Count == 0)
        {
            return "Task uses no resources";
        }

        return ResourceValidator.Validate(task.Resources, allocationRole) is { } invalid ? "Task uses invalid resources: " + invalid : null;
    }
}
