namespace Drydock.Client.Marathon;

/// <summary>No answer from the services API: refused, timed out, or not an HTTP server.</summary>
public sealed class MarathonUnreachableException(Uri baseUrl, string reason, Exception? inner = null)
    : Exception($"cannot reach the services API at {baseUrl}: {reason}", inner)
{
    /// <summary>The base URL that was tried.</summary>
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>Why there was no answer.</summary>
    public string Reason { get; } = reason;
}
