using System.Runtime.CompilerServices;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>
/// One subscription of a framework: its id, its stream id, the events after SUBSCRIBED
/// (<see cref="ReadEventsAsync"/>, watched by the heartbeat watchdog) and the calls made on it. Calls go to the master
/// that answered SUBSCRIBE (the leader, after a redirect). Disposing it closes the stream.
/// </summary>
public sealed class SchedulerSubscription : IAsyncDisposable
{
    private readonly SchedulerClient _client;
    private readonly Uri _target;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly IAsyncEnumerator<byte[]> _records;
    private Task<bool>? _pending;
    private int _disposed;

    private SchedulerSubscription(SchedulerClient client, Uri target, HttpResponseMessage response, Stream body, string streamId)
    {
        _client = client;
        _target = target;
        _response = response;
        StreamId = streamId;
        _records = RecordIo.ReadAsync(body, _lifetime.Token).GetAsyncEnumerator(_lifetime.Token);
    }

    /// <summary>The framework's id, from SUBSCRIBED.</summary>
    public string FrameworkId => Subscribed.FrameworkId;

    /// <summary>The <c>Mesos-Stream-Id</c> every call of this subscription carries.</summary>
    public string StreamId { get; }

    /// <summary>The SUBSCRIBED event that opened the subscription.</summary>
    public Subscribed Subscribed { get; private set; } = null!;

    /// <summary>The master's heartbeat interval (zero when it named none: the watchdog is then off).</summary>
    public TimeSpan HeartbeatInterval => Subscribed.HeartbeatInterval;

    /// <summary>The scheduler endpoint the calls go to (after any redirect to the leader).</summary>
    public Uri Endpoint => _target;

    /// <summary>How long the stream may stay silent before it is lost: <see cref="SchedulerClientOptions.MissedHeartbeats"/> intervals.</summary>
    public TimeSpan WatchdogSpan => HeartbeatInterval * _client.Options.MissedHeartbeats;

    internal static async Task<SchedulerSubscription> OpenAsync(
        SchedulerClient client, Uri target, HttpResponseMessage response, Stream body, string streamId, CancellationToken cancellationToken)
    {
        var subscription = new SchedulerSubscription(client, target, response, body, streamId);
        try
        {
            var first = await subscription.NextAsync(client.Options.SubscribeTimeout, cancellationToken);
            subscription.Subscribed = first switch
            {
                Subscribed subscribed => subscribed,
                MasterError error => throw new SchedulerErrorException(error.Message),
                null => throw new SubscriptionLostException("the master ended the stream before SUBSCRIBED"),
                _ => throw new SubscriptionLostException($"the master sent {first.Type} before SUBSCRIBED"),
            };
            return subscription;
        }
        catch
        {
            await subscription.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The events after SUBSCRIBED, until the master ends the stream (the enumeration ends) or it is lost: broken, or
    /// silent for <see cref="WatchdogSpan"/> (<see cref="SubscriptionLostException"/>). After ERROR the master closes it.
    /// </summary>
    public async IAsyncEnumerable<SchedulerStreamEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await NextAsync(WatchdogSpan, cancellationToken) is { } next)
        {
            yield return next;
        }
    }

    /// <summary>ACCEPT: launches <paramref name="tasks"/> on the offers (all of one agent); with no tasks, the offers are declined.</summary>
    public Task<SchedulerCallResult> AcceptAsync(IReadOnlyList<string> offerIds, IReadOnlyList<TaskInfo> tasks, Filters? filters = null, CancellationToken cancellationToken = default) =>
        CallAsync("ACCEPT", SchedulerCallJson.Accept(FrameworkId, offerIds, tasks, filters), cancellationToken);

    /// <summary>DECLINE: the offers go back; with <paramref name="filters"/>, not offered again to this framework for that long.</summary>
    public Task<SchedulerCallResult> DeclineAsync(IReadOnlyList<string> offerIds, Filters? filters = null, CancellationToken cancellationToken = default) =>
        CallAsync("DECLINE", SchedulerCallJson.Decline(FrameworkId, offerIds, filters), cancellationToken);

    /// <summary>KILL: the task is killed, with <paramref name="gracePeriod"/> between SIGTERM and SIGKILL when given (its kill policy's otherwise).</summary>
    public Task<SchedulerCallResult> KillAsync(string taskId, string? agentId = null, TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default) =>
        CallAsync("KILL", SchedulerCallJson.Kill(FrameworkId, taskId, agentId, gracePeriod), cancellationToken);

    /// <summary>ACKNOWLEDGE: the update was handled; the agent sends the task's next one.</summary>
    public Task<SchedulerCallResult> AcknowledgeAsync(string agentId, string taskId, string uuid, CancellationToken cancellationToken = default) =>
        CallAsync("ACKNOWLEDGE", SchedulerCallJson.Acknowledge(FrameworkId, agentId, taskId, uuid), cancellationToken);

    /// <summary>ACKNOWLEDGE an update (it must carry a uuid: <see cref="StatusUpdate.NeedsAcknowledgement"/>).</summary>
    public Task<SchedulerCallResult> AcknowledgeAsync(StatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!update.NeedsAcknowledgement)
        {
            throw new ArgumentException($"the update of task '{update.Status.TaskId}' ({update.Status.State}) carries no uuid: there is nothing to acknowledge", nameof(update));
        }

        return AcknowledgeAsync(update.Status.AgentId, update.Status.TaskId, update.Status.Uuid!, cancellationToken);
    }

    /// <summary>RECONCILE: the master sends each named task's latest state; with no tasks (implicit), every task's.</summary>
    public Task<SchedulerCallResult> ReconcileAsync(IReadOnlyList<(string TaskId, string? AgentId)> tasks, CancellationToken cancellationToken = default) =>
        CallAsync("RECONCILE", SchedulerCallJson.Reconcile(FrameworkId, tasks), cancellationToken);

    /// <summary>REVIVE: offers again, and declined filters cleared, for <paramref name="roles"/> (none: all the framework's).</summary>
    public Task<SchedulerCallResult> ReviveAsync(IReadOnlyList<string>? roles = null, CancellationToken cancellationToken = default) =>
        CallAsync("REVIVE", SchedulerCallJson.Roles(FrameworkId, "REVIVE", roles ?? []), cancellationToken);

    /// <summary>SUPPRESS: no more offers for <paramref name="roles"/> (none: all the framework's) until REVIVE.</summary>
    public Task<SchedulerCallResult> SuppressAsync(IReadOnlyList<string>? roles = null, CancellationToken cancellationToken = default) =>
        CallAsync("SUPPRESS", SchedulerCallJson.Roles(FrameworkId, "SUPPRESS", roles ?? []), cancellationToken);

    /// <summary>ACCEPT_INVERSE_OFFERS: the framework agrees to give the agents back (recorded in <c>/maintenance/status</c>).</summary>
    public Task<SchedulerCallResult> AcceptInverseOffersAsync(IReadOnlyList<string> inverseOfferIds, Filters? filters = null, CancellationToken cancellationToken = default) =>
        CallAsync("ACCEPT_INVERSE_OFFERS", SchedulerCallJson.AnswerInverseOffers(FrameworkId, accept: true, inverseOfferIds, filters), cancellationToken);

    /// <summary>DECLINE_INVERSE_OFFERS: the framework does not agree (yet); recorded in <c>/maintenance/status</c>.</summary>
    public Task<SchedulerCallResult> DeclineInverseOffersAsync(IReadOnlyList<string> inverseOfferIds, Filters? filters = null, CancellationToken cancellationToken = default) =>
        CallAsync("DECLINE_INVERSE_OFFERS", SchedulerCallJson.AnswerInverseOffers(FrameworkId, accept: false, inverseOfferIds, filters), cancellationToken);

    /// <summary>TEARDOWN: the framework is removed, its tasks killed; its id can never subscribe again.</summary>
    public Task<SchedulerCallResult> TeardownAsync(CancellationToken cancellationToken = default) =>
        CallAsync("TEARDOWN", SchedulerCallJson.Teardown(FrameworkId), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync();
        _response.Dispose();
        if (_pending is not null)
        {
            try
            {
                await _pending;
            }
            catch (Exception e) when (IsStreamEnd(e))
            {
                // The read under way ends with the stream it read.
            }
        }

        try
        {
            await _records.DisposeAsync();
        }
        catch (Exception e) when (IsStreamEnd(e))
        {
            // Closed already.
        }

        _lifetime.Dispose();
    }

    private static bool IsStreamEnd(Exception e) =>
        e is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException or FormatException or OverflowException;

    private Task<SchedulerCallResult> CallAsync(string type, byte[] body, CancellationToken cancellationToken) =>
        _client.CallAsync(_target, StreamId, type, body, cancellationToken);

    /// <summary>The next event, null at the end of the stream; a read cut short by the caller's token goes on for the next call.</summary>
    private async Task<SchedulerStreamEvent?> NextAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var pending = _pending ??= _records.MoveNextAsync().AsTask();
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var timer = window > TimeSpan.Zero
                ? Task.Delay(window, _client.Options.Time, waiting.Token)
                : Task.Delay(Timeout.InfiniteTimeSpan, waiting.Token);
            var done = await Task.WhenAny(pending, timer);
            await waiting.CancelAsync();
            if (done != pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _response.Dispose();
                throw new SubscriptionLostException($"no event from the master for {window.TotalSeconds:0.###} s");
            }
        }

        _pending = null;
        bool more;
        try
        {
            more = await pending;
        }
        catch (Exception e) when (IsStreamEnd(e))
        {
            throw new SubscriptionLostException("the stream broke: " + e.Message, e);
        }

        if (!more)
        {
            return null;
        }

        var parsed = SchedulerEvents.Parse(_records.Current);
        return parsed.Succeeded ? parsed.Value : throw new SubscriptionLostException("an event could not be read: " + parsed.Error);
    }
}
