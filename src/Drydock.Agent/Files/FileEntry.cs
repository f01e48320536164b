namespace Drydock.Agent.Files;

/// <summary>One entry of a listing: the path as asked for (the request's path joined with the name) and its stat.</summary>
internal sealed record FileEntry(string Path, FileStat Stat);
