namespace Drydock.Client.Marathon;

/// <summary>The envelopes the <c>/v2</c> replies wrap their records in (<c>{"apps":[…]}</c>, <c>{"app":{…}}</c>, …).</summary>
internal static class MarathonReplies
{
    public sealed record AppsReply(IReadOnlyList<MarathonApp>? Apps);

    public sealed record AppReply(MarathonApp? App);

    public sealed record TasksReply(IReadOnlyList<MarathonTask>? Tasks);

    public sealed record TaskReply(MarathonTask? Task);

    public sealed record QueueReply(IReadOnlyList<MarathonQueueItem>? Queue);
}
