namespace Drydock.Services.Deployments;

/// <summary>
/// The answer to an agent's inverse offer: <see cref="Accept"/> once the agent holds none of this framework's
/// instances (ACCEPT_INVERSE_OFFERS), otherwise the reason it cannot yet (DECLINE_INVERSE_OFFERS, and the text of a
/// Drydock endpoint).
/// </summary>
internal sealed record AgentVerdict(string AgentId, bool Accept, string? Reason)
{
    public static AgentVerdict Free(string agentId) => new(agentId, true, null);

    public static AgentVerdict NotYet(string agentId, string reason) => new(agentId, false, reason);
}
