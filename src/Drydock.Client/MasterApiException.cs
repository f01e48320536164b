using System.Net;

namespace Drydock.Client;

/// <summary>The master answered with an error; <see cref="Exception.Message"/> is its message, verbatim.</summary>
public sealed class MasterApiException(HttpStatusCode status, string message) : Exception(message)
{
    /// <summary>The HTTP status the master answered with.</summary>
    public HttpStatusCode Status { get; } = status;
}
