using System.Net;

namespace Drydock.Client;

/// <summary>An agent answered with an error; <see cref="Exception.Message"/> is its message, verbatim.</summary>
public sealed class AgentApiException(HttpStatusCode status, string message) : Exception(message)
{
    /// <summary>The HTTP status the agent answered with.</summary>
    public HttpStatusCode Status { get; } = status;
}
