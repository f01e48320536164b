namespace Drydock.Services.Apps;

/// <summary>One health check's result for a task (a member of <c>healthCheckResults</c>, marathon.md §3.2).</summary>
internal sealed record TaskHealthResult(bool Alive, int ConsecutiveFailures)
{
    public DateTimeOffset? FirstSuccess { get; init; }

    public DateTimeOffset? LastSuccess { get; init; }

    public DateTimeOffset? LastFailure { get; init; }

    public string? LastFailureCause { get; init; }
}
