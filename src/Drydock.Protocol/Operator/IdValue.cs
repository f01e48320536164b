namespace Drydock.Protocol.Operator;

/// <summary>The Mesos wrapper of every id on the wire: <c>{"value":"..."}</c>.</summary>
public sealed record IdValue(string Value);
