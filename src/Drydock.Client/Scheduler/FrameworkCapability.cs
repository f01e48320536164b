namespace Drydock.Client.Scheduler;

/// <summary>The names of Mesos framework capabilities (<c>FrameworkInfo.Capability.Type</c>) for <c>FrameworkInfo.Capabilities</c>.</summary>
public static class FrameworkCapability
{
    /// <summary>The framework understands TASK_UNREACHABLE (and the partition-aware states) instead of TASK_LOST.</summary>
    public const string PartitionAware = "PARTITION_AWARE";

    /// <summary>The framework subscribes with several roles and reads each offer's <c>allocation_info</c>.</summary>
    public const string MultiRole = "MULTI_ROLE";

    /// <summary>The framework may be offered revocable resources.</summary>
    public const string RevocableResources = "REVOCABLE_RESOURCES";

    /// <summary>The framework understands task kill policies and TASK_KILLING.</summary>
    public const string TaskKillingState = "TASK_KILLING_STATE";

    /// <summary>The framework may be offered GPUs.</summary>
    public const string GpuResources = "GPU_RESOURCES";

    /// <summary>The framework may be offered resources reserved for a role it is not in (a parent role's).</summary>
    public const string ReservationRefinement = "RESERVATION_REFINEMENT";

    /// <summary>The framework takes the master's region and zone into account.</summary>
    public const string RegionAware = "REGION_AWARE";
}
