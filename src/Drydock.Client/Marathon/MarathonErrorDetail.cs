namespace Drydock.Client.Marathon;

/// <summary>One entry of a 422's <c>details</c>: a path in the posted JSON and what is wrong there.</summary>
/// <param name="Path">The path, e.g. <c>/</c>, <c>/cpus</c> or <c>/healthChecks(0)/portIndex</c>.</param>
/// <param name="Errors">The errors at that path.</param>
public sealed record MarathonErrorDetail(string Path, IReadOnlyList<string> Errors);
