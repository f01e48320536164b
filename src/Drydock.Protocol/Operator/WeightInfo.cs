namespace Drydock.Protocol.Operator;

/// <summary>
/// A role's weight (<c>mesos.v1.WeightInfo</c>): <c>{"weight":2.0,"role":"web"}</c>, as UPDATE_WEIGHTS takes it and
/// GET_WEIGHTS and <c>/weights</c> give it.
/// </summary>
public sealed record WeightInfo(string Role, double Weight);
