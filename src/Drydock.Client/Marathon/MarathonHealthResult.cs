namespace Drydock.Client.Marathon;

/// <summary>One health check's result for a task.</summary>
public sealed record MarathonHealthResult
{
    /// <summary>Whether the last check passed.</summary>
    public bool Alive { get; init; }

    /// <summary>How many checks in a row have failed.</summary>
    public int ConsecutiveFailures { get; init; }
}
