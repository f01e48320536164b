namespace Drydock.Services.Instances;

/// <summary>What the scheduler wants of an instance.</summary>
internal enum InstanceGoal
{
    /// <summary>Keep it running: a task that ends is relaunched (after backoff for failures).</summary>
    Running,

    /// <summary>Kill its task and forget it once the task is terminal.</summary>
    Decommissioned,
}
