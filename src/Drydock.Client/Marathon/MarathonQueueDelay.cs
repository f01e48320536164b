namespace Drydock.Client.Marathon;

/// <summary>A queued app's launch backoff.</summary>
public sealed record MarathonQueueDelay
{
    /// <summary>Whole seconds left until the app may launch again.</summary>
    public long TimeLeftSeconds { get; init; }

    /// <summary>True when the app is not backed off and waits only for offers.</summary>
    public bool Overdue { get; init; }
}
