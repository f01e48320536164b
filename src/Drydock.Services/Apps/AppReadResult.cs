namespace Drydock.Services.Apps;

/// <summary>
/// The outcome of reading one app from a request body: the normalised, validated <see cref="App"/>; or, for the
/// rollback form <c>{"version":"…"}</c>, the version to go back to; or the <see cref="Problem"/> to answer with.
/// </summary>
internal sealed record AppReadResult
{
    /// <summary>The app the body names (from the path on PUT/PATCH, from the body on POST).</summary>
    public PathId Id { get; init; }

    public AppDefinition? App { get; init; }

    /// <summary>Set for the rollback form; <see cref="App"/> is then null.</summary>
    public DateTimeOffset? RollbackTo { get; init; }

    public MarathonProblem? Problem { get; init; }

    public bool Succeeded => Problem is null;

    public static AppReadResult Failed(MarathonProblem problem) => new() { Problem = problem };
}
