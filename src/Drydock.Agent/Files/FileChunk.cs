namespace Drydock.Agent.Files;

/// <summary>Bytes read from a file, and the file's size at the time of the read.</summary>
internal sealed record FileChunk(long Size, byte[] Data);
