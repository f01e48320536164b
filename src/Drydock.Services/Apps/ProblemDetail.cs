namespace Drydock.Services.Apps;

/// <summary>The errors found at one place of a request body: <see cref="Path"/> is <c>/</c>, <c>/cmd</c>, <c>/healthChecks(0)/portIndex</c>, ….</summary>
internal sealed record ProblemDetail(string Path, IReadOnlyList<string> Errors);
