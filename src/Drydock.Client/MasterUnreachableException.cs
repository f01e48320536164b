namespace Drydock.Client;

/// <summary>No answer from the master: refused, timed out, or not an HTTP server.</summary>
public sealed class MasterUnreachableException(Uri master, string reason, Exception? inner = null)
    : Exception($"cannot reach the master at {master}: {reason}", inner)
{
    /// <summary>The master URL that was tried.</summary>
    public Uri Master { get; } = master;
}
