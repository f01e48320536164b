namespace Drydock.Protocol.Resources;

/// <summary>The kinds of Mesos values (<c>Value.Type</c>), with Mesos's numbers.</summary>
public enum ValueType
{
    SCALAR = 0,
    RANGES = 1,
    SET = 2,
    TEXT = 3,
}
