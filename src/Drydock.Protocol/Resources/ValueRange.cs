namespace Drydock.Protocol.Resources;

/// <summary>An inclusive range of non-negative integers, e.g. ports 31000-32000.</summary>
public sealed record ValueRange(long Begin, long End);
