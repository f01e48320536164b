using Drydock.Protocol.Maintenance;

namespace Drydock.Protocol.State;

/// <summary>Mesos <c>DrainInfo</c>: <c>state</c> is DRAINING or DRAINED.</summary>
public sealed record DrainInfoState(string State, DrainConfigState Config);

/// <summary>Mesos <c>DrainConfig</c>; <c>max_grace_period</c> is absent when each task's own grace period applies.</summary>
public sealed record DrainConfigState(DurationInfo? MaxGracePeriod, bool MarkGone);
