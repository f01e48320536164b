namespace Drydock.Client;

/// <summary>No answer from an agent: refused, timed out, or not an HTTP server.</summary>
public sealed class AgentUnreachableException(Uri agent, string reason, Exception? inner = null)
    : Exception($"cannot reach the agent at {agent}: {reason}", inner)
{
    /// <summary>The agent URL that was tried.</summary>
    public Uri Agent { get; } = agent;
}
