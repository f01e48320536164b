namespace Drydock.Services.Apps;

/// <summary>An artifact the agent downloads into the sandbox before the command runs (Marathon <c>fetch</c>).</summary>
internal sealed record FetchUri(string Uri, bool Extract = true, bool Executable = false, bool Cache = false, string? DestPath = null);
