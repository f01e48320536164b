using System.Net;
using System.Runtime.CompilerServices;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>
/// A framework that stays subscribed: <see cref="RunAsync"/> subscribes, yields every event, and when the stream is lost
/// (ended, broken, silent past the watchdog, the master unreachable or answering 5xx) yields
/// <see cref="SubscriptionLost"/> and subscribes again with the same framework id after a capped, jittered backoff.
/// It stops, instead of retrying, on the master's ERROR (yielded: e.g. <c>Framework has been removed</c>), after
/// <see cref="TeardownAsync"/>, and on a SUBSCRIBE the master refuses with a 4xx (thrown: retrying cannot help).
/// Make calls on <see cref="Current"/>, the live subscription.
/// </summary>
public sealed class SchedulerSession : IAsyncDisposable
{
    private readonly SchedulerClient _client;
    private readonly SchedulerSessionOptions _options;
    private FrameworkInfo _framework;
    private volatile SchedulerSubscription? _current;
    private volatile bool _tornDown;

    /// <summary>A session of <paramref name="framework"/> (new when it has no id) through <paramref name="client"/>.</summary>
    public SchedulerSession(SchedulerClient client, FrameworkInfo framework, SchedulerSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(framework);
        _client = client;
        _framework = framework;
        _options = options ?? new SchedulerSessionOptions();
        if (_options.InitialBackoff <= TimeSpan.Zero || _options.MaxBackoff < _options.InitialBackoff)
        {
            throw new ArgumentException("InitialBackoff must be positive and MaxBackoff at least InitialBackoff", nameof(options));
        }
    }

    /// <summary>The live subscription; null while (re-)subscribing.</summary>
    public SchedulerSubscription? Current => _current;

    /// <summary>The framework's id once it first subscribed (or the one it was given).</summary>
    public string? FrameworkId => _framework.Id;

    /// <summary>
    /// Subscribes and yields events until ERROR, <see cref="TeardownAsync"/> or <paramref name="cancellationToken"/>:
    /// each subscription's <see cref="Subscribed"/> first, then its events, then <see cref="SubscriptionLost"/> when it is lost.
    /// </summary>
    public async IAsyncEnumerable<SchedulerStreamEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var failures = 0;
        try
        {
            while (!_tornDown)
            {
                var (subscription, refusal, failure) = await TrySubscribeAsync(cancellationToken);
                if (refusal is not null)
                {
                    yield return refusal;
                    yield break;
                }

                if (subscription is not null)
                {
                    failures = 0;
                    _framework = _framework with { Id = subscription.FrameworkId };
                    _current = subscription;
                    yield return subscription.Subscribed;
                    await using var events = subscription.ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    while (true)
                    {
                        var (next, lost) = await TryNextAsync(events);
                        if (next is null)
                        {
                            failure = lost;
                            break;
                        }

                        yield return next;
                        if (next is MasterError)
                        {
                            yield break;
                        }
                    }

                    _current = null;
                    await subscription.DisposeAsync();
                    if (_tornDown)
                    {
                        yield break;
                    }
                }

                failures++;
                var delay = Backoff.Delay(failures, _options.InitialBackoff, _options.MaxBackoff, (_options.Random ?? Random.Shared).NextDouble());
                yield return new SubscriptionLost(failure ?? "the subscription ended", delay, failures);
                await Task.Delay(delay, _client.Options.Time, cancellationToken);
            }
        }
        finally
        {
            if (_current is { } live)
            {
                _current = null;
                await live.DisposeAsync();
            }
        }
    }

    /// <summary>TEARDOWN on the live subscription; the session then ends instead of subscribing again.</summary>
    public Task<SchedulerCallResult> TeardownAsync(CancellationToken cancellationToken = default)
    {
        var current = _current ?? throw new InvalidOperationException("the session has no live subscription to tear down");
        _tornDown = true;
        return current.TeardownAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_current is { } live)
        {
            _current = null;
            await live.DisposeAsync();
        }
    }

    /// <summary>Whether a refused SUBSCRIBE is worth retrying: the master's trouble (5xx, too many redirects), not the request's.</summary>
    private static bool IsTransient(SchedulerCallException e) =>
        (int)e.Status >= 500 || e.Status is HttpStatusCode.TemporaryRedirect or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private async Task<(SchedulerSubscription? Subscription, MasterError? Refusal, string? Failure)> TrySubscribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.SubscribeAsync(_framework, cancellationToken), null, null);
        }
        catch (SchedulerErrorException e)
        {
            return (null, new MasterError(e.MasterMessage), null);
        }
        catch (SchedulerCallException e) when (IsTransient(e))
        {
            return (null, null, e.Message);
        }
        catch (Exception e) when (e is MasterUnreachableException or SubscriptionLostException)
        {
            return (null, null, e.Message);
        }
    }

    private static async Task<(SchedulerStreamEvent? Next, string? Lost)> TryNextAsync(IAsyncEnumerator<SchedulerStreamEvent> events)
    {
        try
        {
            return await events.MoveNextAsync() ? (events.Current, null) : (null, "the master ended the stream");
        }
        catch (SubscriptionLostException e)
        {
            return (null, e.Message);
        }
    }
}
