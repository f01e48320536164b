namespace Drydock.Services.Deployments;

/// <summary>
/// The <c>delay</c> of a <c>/v2/queue</c> item: <see cref="Overdue"/> when the app is not backed off (it waits only
/// for offers), otherwise the whole seconds left.
/// </summary>
internal sealed record QueueDelay(int TimeLeftSeconds, bool Overdue)
{
    public static readonly QueueDelay NotDelayed = new(0, true);
}
