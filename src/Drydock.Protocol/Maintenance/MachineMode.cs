namespace Drydock.Protocol.Maintenance;

/// <summary>The maintenance mode of a machine, with the Mesos numbers.</summary>
public enum MachineMode
{
    /// <summary>The machine behaves normally; UP machines are not stored.</summary>
    UP = 1,

    /// <summary>The machine is scheduled for maintenance.</summary>
    DRAINING = 2,

    /// <summary>The machine's agents were removed and may not register.</summary>
    DOWN = 3,
}
