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

    /// <summary>
    /// The agent ids whose admitted, unreachable or gone records the operation may change, so the store writes only
    /// those; null when it may touch any (the store then compares every record).
    /// </summary>
    public virtual IReadOnlyCollection<string>? TouchedAgents => null;
}
