namespace Drydock.Master.Persistence;

/// <summary>Mesos's <c>DrainState</c>: tasks are being killed (DRAINING), or none is left (DRAINED).</summary>
internal enum DrainState
{
    DRAINING = 1,
    DRAINED = 2,
}
