using System.Threading.Channels;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Frameworks;

/// <summary>A framework the master knows, with its current subscription (if any).</summary>
internal sealed record Framework(string Id, FrameworkInfo Info, DateTimeOffset RegisteredTime)
{
    public DateTimeOffset? ReregisteredTime { get; init; }

    public DateTimeOffset? UnregisteredTime { get; init; }

    /// <summary>
    /// Known from the registry after a master restart and not subscribed since: shown inactive and disconnected, its
    /// failover timeout running from the master's start (this value).
    /// </summary>
    public DateTimeOffset? RecoveredSince { get; init; }

    public bool Recovered => RecoveredSince is not null;

    /// <summary>The stream id of the current subscription; null while disconnected.</summary>
    public string? StreamId { get; init; }

    /// <summary>Where events (serialized JSON) for the current subscription go; completed when the subscription ends.</summary>
    internal Channel<byte[]>? Events { get; init; }

    /// <summary>Queues an event for the framework's stream; dropped while the framework is disconnected.</summary>
    public bool TrySend(byte[] eventJson) => Events?.Writer.TryWrite(eventJson) ?? false;

    public bool Connected => StreamId is not null;
}
