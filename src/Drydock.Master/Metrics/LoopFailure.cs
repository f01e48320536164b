namespace Drydock.Master.Metrics;

/// <summary>
/// A background loop whose last cycle failed: since when it has been failing (the first failure after its last success),
/// how many cycles in a row failed, and the latest failure's time and error.
/// </summary>
internal sealed record LoopFailure(string Loop, DateTimeOffset Since, int ConsecutiveFailures, DateTimeOffset LastFailure, string LastError);
