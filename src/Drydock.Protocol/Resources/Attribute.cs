namespace Drydock.Protocol.Resources;

/// <summary>An agent attribute: a name and a SCALAR, RANGES or TEXT value.</summary>
public sealed record Attribute(string Name, Value Value);
