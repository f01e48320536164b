using Microsoft.Extensions.Logging;

namespace Drydock.Master.Persistence;

/// <summary>
/// The one writer of the durable state. A caller hands it a decision made against the current state (an operation,
/// or the error that refuses it); the registrar runs decisions one at a time, writes the operation durably, and
/// only then publishes the new state. Readers take <see cref="Current"/> without locking.
/// </summary>
internal sealed partial class Registrar(IMasterStore store, ILogger<Registrar> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile DurableState _current = DurableState.Empty;

    public DurableState Current => _current;

    /// <summary>Raised after a change is durable and published (e.g. to run an allocation cycle soon). Handlers must not throw.</summary>
    public event Action? Changed;

    /// <summary>Raised after each operation is committed, with how long the store took (for <c>registrar/state_store_ms</c>). Handlers must not throw.</summary>
    public event Action<TimeSpan>? Stored;

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        _current = await store.RecoverAsync(cancellationToken);
        LogRecovered(_current.Schedule.Windows.Count, _current.Machines.Count);
        if (_current.Weights is { } weights)
        {
            LogRecoveredWeights(weights.Count);
        }
    }

    /// <summary>
    /// Decides against the current state and, when the decision is an operation, applies it durably.
    /// Returns the refusal, or null once the change is on disk.
    /// </summary>
    public async Task<string?> TryApplyAsync(Func<DurableState, Decision> decide, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var decision = decide(_current);
            if (decision.Error is not null)
            {
                return decision.Error;
            }

            var operation = decision.Operation!;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                _current = await store.ApplyAsync(operation, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWriteFailed(operation.Name, e);
                throw new RegistryUnavailableException($"Failed to write operation {operation.Name} to the registry: {e.Message}", e);
            }

            Stored?.Invoke(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            LogApplied(operation.Name);
            Changed?.Invoke();
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered registry: {Windows} maintenance windows, {Machines} machines under maintenance")]
    private partial void LogRecovered(int windows, int machines);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered the weights of {Roles} roles from the registry; they are used instead of --weights")]
    private partial void LogRecoveredWeights(int roles);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied registry operation {Operation}")]
    private partial void LogApplied(string operation);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed to write registry operation {Operation}")]
    private partial void LogWriteFailed(string operation, Exception exception);
}

/// <summary>What a caller decided against the current state: an operation to apply, or the error that refuses it.</summary>
internal readonly record struct Decision(RegistryOperation? Operation, string? Error)
{
    public static Decision Apply(RegistryOperation operation) => new(operation, null);

    public static Decision Refuse(string error) => new(null, error);
}
