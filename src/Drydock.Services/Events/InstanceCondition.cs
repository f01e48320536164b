namespace Drydock.Services.Events;

/// <summary>
/// Marathon's condition of an instance, as the instance events write it (by name). The Mesos task state maps onto it
/// (TASK_RUNNING is Running, TASK_UNREACHABLE is Unreachable, …); Created, Provisioned and Scheduled come before any
/// task, UnreachableInactive after the app's <c>unreachableStrategy.inactiveAfterSeconds</c>.
/// </summary>
internal enum InstanceCondition
{
    Created,
    Provisioned,
    Staging,
    Starting,
    Running,
    Killing,
    Killed,
    Finished,
    Failed,
    Error,
    Dropped,
    Gone,
    Unknown,
    Unreachable,
    UnreachableInactive,
    Scheduled,
}
