namespace Drydock.Master.Persistence;

/// <summary>
/// An agent's drain (DRAIN_AGENT), as the registry stores it: where it is, what the operator asked for, and when it
/// began. A draining agent is also deactivated.
/// </summary>
internal sealed record DrainInfo(DrainState State, long? MaxGracePeriodNanoseconds, bool MarkGone, DateTimeOffset Started);
