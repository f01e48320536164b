namespace Drydock.Services.Events;

/// <summary>
/// The <c>eventType</c> names this scheduler emits (marathon.md §7). Never the <c>scheduler_*</c> events: the Python
/// client raises on any type missing from its table, and those three are missing.
/// </summary>
internal static class EventTypes
{
    public const string ApiPost = "api_post_event";
    public const string GroupChangeSuccess = "group_change_success";
    public const string GroupChangeFailed = "group_change_failed";
    public const string DeploymentInfo = "deployment_info";
    public const string DeploymentStepSuccess = "deployment_step_success";
    public const string DeploymentStepFailure = "deployment_step_failure";
    public const string DeploymentSuccess = "deployment_success";
    public const string DeploymentFailed = "deployment_failed";
    public const string StatusUpdate = "status_update_event";
    public const string InstanceChanged = "instance_changed_event";
    public const string InstanceHealthChanged = "instance_health_changed_event";
    public const string UnknownInstanceTerminated = "unknown_instance_terminated_event";
    public const string HealthStatusChanged = "health_status_changed_event";
    public const string FailedHealthCheck = "failed_health_check_event";
    public const string UnhealthyInstanceKill = "unhealthy_instance_kill_event";
    public const string AddHealthCheck = "add_health_check_event";
    public const string RemoveHealthCheck = "remove_health_check_event";
    public const string AppTerminated = "app_terminated_event";
    public const string EventStreamAttached = "event_stream_attached";
    public const string EventStreamDetached = "event_stream_detached";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        ApiPost, GroupChangeSuccess, GroupChangeFailed, DeploymentInfo, DeploymentStepSuccess, DeploymentStepFailure,
        DeploymentSuccess, DeploymentFailed, StatusUpdate, InstanceChanged, InstanceHealthChanged,
        UnknownInstanceTerminated, HealthStatusChanged, FailedHealthCheck, UnhealthyInstanceKill, AddHealthCheck,
        RemoveHealthCheck, AppTerminated, EventStreamAttached, EventStreamDetached,
    };
}
