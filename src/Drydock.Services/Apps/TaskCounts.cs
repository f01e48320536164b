using Drydock.Services.Instances;

namespace Drydock.Services.Apps;

/// <summary>
/// An app's <c>tasksStaged</c>/<c>tasksRunning</c>/<c>tasksHealthy</c>/<c>tasksUnhealthy</c> (marathon.md §3.1): staged
/// counts launched tasks with no state yet or TASK_STAGING, healthy and unhealthy count live tasks by their health
/// result, so an app without health checks shows 0/0.
/// </summary>
internal sealed record TaskCounts(int Staged, int Running, int Healthy, int Unhealthy)
{
    public static readonly TaskCounts None = new(0, 0, 0, 0);

    public static TaskCounts Of(IEnumerable<Instance> instances)
    {
        int staged = 0, running = 0, healthy = 0, unhealthy = 0;
        foreach (var instance in instances)
        {
            if (instance.Incarnation == 0 || instance.State is { } s && TaskStates.IsTerminal(s))
            {
                continue;
            }

            staged += instance.State is null or TaskStates.Staging ? 1 : 0;
            running += instance.State == TaskStates.Running ? 1 : 0;
            healthy += instance.Healthy == true ? 1 : 0;
            unhealthy += instance.Healthy == false ? 1 : 0;
        }

        return new TaskCounts(staged, running, healthy, unhealthy);
    }
}
