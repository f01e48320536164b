namespace Drydock.Agent.Http;

/// <summary>The agent's address could not be bound (its port is taken).</summary>
internal sealed class AgentBindException(string message, Exception inner) : Exception(message, inner);
