namespace Drydock.Master.Persistence;

/// <summary>
/// A named, durable change to the master's state. Each operation is a pure function of the state before it;
/// the caller has validated it, so applying it cannot fail.
/// </summary>
internal abstract record RegistryOperation
{
    /// <summary>The operation's name, as logs show it.</summary>
    public abstract string Name { get; }

    public abstract DurableState Apply(DurableState state);
}
