namespace Drydock.Services.Apps;

/// <summary>
/// The outcome of the array form of <c>PUT</c>/<c>PATCH /v2/apps</c>: one result per element, in order, or a single
/// problem listing every error of every element (paths under <c>/(i)</c>); nothing is applied unless all elements read.
/// </summary>
internal sealed record AppBatchResult(IReadOnlyList<AppReadResult>? Results, MarathonProblem? Problem)
{
    public bool Succeeded => Problem is null;
}
