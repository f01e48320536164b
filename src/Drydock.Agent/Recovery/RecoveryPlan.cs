using Drydock.Protocol.Agents;

namespace Drydock.Agent.Recovery;

/// <summary>What an agent does at start, decided from its work dir and its current flags.</summary>
internal abstract record RecoveryPlan
{
    /// <summary>No identity to recover (no <c>meta/slaves/latest</c>): register as a new agent.</summary>
    public sealed record Fresh(string Reason) : RecoveryPlan;

    /// <summary>The checkpointed identity fits the current flags: re-register with the same id.</summary>
    public sealed record Resume(string AgentId, AgentInfo Info) : RecoveryPlan;

    /// <summary>The info changed and the host rebooted: drop <c>latest</c> and register as a new agent.</summary>
    public sealed record StartOverAfterReboot(string OldAgentId, IReadOnlyList<string> Problems) : RecoveryPlan;

    /// <summary>
    /// The info changed without a reboot: refuse to start. <paramref name="Message"/> is for the terminal (what changed and
    /// the operator's way out, a few lines); <paramref name="Detail"/>, when given, is for the log (the whole old and new info).
    /// </summary>
    public sealed record Refuse(string Message, string? Detail = null) : RecoveryPlan;
}
