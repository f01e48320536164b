namespace Drydock.Agent.Recovery;

/// <summary>How far an agent's info may change across a restart and keep its agent id.</summary>
internal enum ReconfigurationPolicy
{
    /// <summary>Hostname, port, resources and attributes must be exactly as checkpointed.</summary>
    Equal,

    /// <summary>Resources and attributes may be added or grow; nothing may shrink or change.</summary>
    Additive,
}
