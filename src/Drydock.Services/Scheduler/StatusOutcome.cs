using Drydock.Services.Instances;

namespace Drydock.Services.Scheduler;

/// <summary>
/// What a task status does to its instance: the instance as it is now (null when it is expunged), whether the task must
/// be killed (a task the scheduler no longer wants reported itself alive), and whether the status is a failure worth
/// recording as the app's <c>lastTaskFailure</c>.
/// </summary>
internal sealed record StatusOutcome(Instance? Instance, bool Kill, bool Failure)
{
    public bool Expunged => Instance is null;
}
