namespace Drydock.Protocol.State;

/// <summary>The <c>/flags</c> document: every flag as a string.</summary>
public sealed record FlagsResponse(IReadOnlyDictionary<string, string> Flags);
