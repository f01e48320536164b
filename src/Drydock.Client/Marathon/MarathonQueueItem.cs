namespace Drydock.Client.Marathon;

/// <summary>An app waiting to launch instances, an entry of <c>GET /v2/queue</c>.</summary>
public sealed record MarathonQueueItem
{
    /// <summary>The app (its definition).</summary>
    public MarathonApp App { get; init => field = value ?? new(); } = new();

    /// <summary>The instances left to launch.</summary>
    public int Count { get; init; }

    /// <summary>The launch backoff.</summary>
    public MarathonQueueDelay Delay { get; init => field = value ?? new(); } = new();

    /// <summary>Since when the app has been waiting.</summary>
    public DateTimeOffset? Since { get; init; }
}
