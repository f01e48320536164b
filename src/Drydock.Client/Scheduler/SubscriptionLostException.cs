namespace Drydock.Client.Scheduler;

/// <summary>The subscription's stream is gone: it broke, or no event came within the watchdog's span.</summary>
public sealed class SubscriptionLostException(string reason, Exception? inner = null) : Exception("subscription lost: " + reason, inner)
{
    /// <summary>What happened.</summary>
    public string Reason { get; } = reason;
}
