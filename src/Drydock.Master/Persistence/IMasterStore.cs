namespace Drydock.Master.Persistence;

/// <summary>
/// The master's durable state. The one seam between the master and its storage: nothing outside this room knows
/// which store is behind it (SQLite for one master; a replicated store for several later).
/// </summary>
internal interface IMasterStore : IAsyncDisposable
{
    /// <summary>Opens the store and returns the state it holds (empty on first start).</summary>
    Task<DurableState> RecoverAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies an operation and makes the result durable before returning it. Callers serialise their calls;
    /// the store is written by one writer at a time.
    /// </summary>
    Task<DurableState> ApplyAsync(RegistryOperation operation, CancellationToken cancellationToken);
}
