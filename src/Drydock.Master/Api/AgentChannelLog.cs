using Microsoft.Extensions.Logging;

namespace Drydock.Master.Api;

/// <summary>What the agent channel endpoint logs about the channels it refuses or closes, with the peer's address.</summary>
internal sealed partial class AgentChannelLog(ILogger<AgentChannelLog> logger)
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an agent channel from {Remote}: {Limit} channels are waiting to register")]
    public partial void Refused(string remote, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed an agent channel from {Remote}: no Register or Reregister within {Seconds} s")]
    public partial void TimedOut(string remote, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed the agent channel from {Remote} (agent {AgentId}): {Reason}")]
    public partial void Closed(string remote, string agentId, string reason);
}
