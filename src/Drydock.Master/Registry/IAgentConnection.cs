using Drydock.AgentProtocol.V1;

namespace Drydock.Master.Registry;

/// <summary>The master's end of one agent's channel. A seam so the registry can be tested without sockets.</summary>
internal interface IAgentConnection
{
    /// <summary>Sends a message; a closed connection drops it (the agent re-registers and gets state again).</summary>
    ValueTask SendAsync(MasterMessage message, CancellationToken cancellationToken);

    /// <summary>Closes the channel after the messages already sent.</summary>
    ValueTask CloseAsync();
}
