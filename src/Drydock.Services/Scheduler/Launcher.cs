using Drydock.Client.Scheduler;
using Drydock.Protocol.Scheduler;
using Drydock.Services.Instances;
using Drydock.Services.Placement;

namespace Drydock.Services.Scheduler;

/// <summary>
/// Matches the offers held to the instances waiting for a task (new ones, and those whose task ended while their goal is
/// Running), app by app, through <see cref="Placer"/> with the maintenance the scheduler knows of (inverse offers held,
/// offers' unavailability), honouring each app's launch backoff. An instance is marked TASK_STAGING on its agent before
/// the ACCEPT is sent, and stored first, so a restart mid-launch knows the task. Offers left over are declined: for a short
/// while when something still waits (it may fit the next offers), else for two minutes, and offers are suppressed.
/// </summary>
internal sealed class Launcher(string? defaultUser)
{
    private const double WaitingRefuseSeconds = 5;
    private const double IdleRefuseSeconds = 120;

    /// <summary>Marathon's <c>--min_revive_offers_interval</c>: while instances wait and no offer comes, revive at most this often.</summary>
    private static readonly TimeSpan ReviveInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, OfferMessage> _offers = new(StringComparer.Ordinal);
    private readonly Random _random = new();
    private bool _suppressed;
    private DateTimeOffset _lastOfferOrRevive = DateTimeOffset.MinValue;

    public void Hold(IEnumerable<OfferMessage> offers, DateTimeOffset now)
    {
        foreach (var offer in offers)
        {
            _offers[offer.Id] = offer;
        }

        _lastOfferOrRevive = now;
    }

    public void Rescind(string offerId) => _offers.Remove(offerId);

    /// <summary>A new subscription: the master holds no offer and no filter of the old one.</summary>
    public void Resubscribed()
    {
        _offers.Clear();
        _suppressed = false;
    }

    /// <summary>Whether an instance waits for a task: goal Running, and never launched or its task ended.</summary>
    public static bool Waits(Instance instance) =>
        instance.Goal == InstanceGoal.Running && (instance.Incarnation == 0 || instance.State is { } s && TaskStates.IsTerminal(s));

    public LaunchRound Round(Working work, DateTimeOffset now, IReadOnlyCollection<InverseOfferMessage> due)
    {
        var waiting = work.State.Instances.Values.Where(Waits).GroupBy(i => i.AppId).ToArray();
        var accepts = new Dictionary<string, List<TaskInfo>>(StringComparer.Ordinal);
        var maintenance = new MaintenanceView { InverseOffers = due.ToArray() };
        var anyWaiting = false;
        foreach (var group in waiting)
        {
            if (!work.State.Apps.TryGetValue(group.Key, out var app))
            {
                continue;
            }

            anyWaiting = true;
            if (_offers.Count == 0 || !work.State.Backoff.MayLaunch(app, now))
            {
                continue;
            }

            var pending = group.OrderBy(i => i.Incarnation == 0).ThenBy(i => i.Id.Value, StringComparer.Ordinal).ToList();
            var offers = _offers.Values.ToArray();
            var request = new PlacementRequest(app, pending.Count, offers)
            {
                Instances = work.State.InstancesOf(app.Id).Where(i => i.IsActive).ToArray(),
                Maintenance = maintenance,
            };
            var result = Placer.Place(request, now, _random);
            foreach (var placement in result.Placements)
            {
                var instance = pending[0];
                pending.RemoveAt(0);
                var launched = instance with
                {
                    Incarnation = instance.Incarnation + 1,
                    AppVersion = app.Version,
                    State = TaskStates.Staging,
                    AgentId = placement.Offer.AgentId,
                    Hostname = placement.Offer.Hostname,
                    AgentIp = placement.Offer.AgentIp,
                    AgentAttributes = placement.Agent.Attributes,
                    Region = placement.Agent.Region,
                    Zone = placement.Agent.Zone,
                    HostPorts = placement.Taken.HostPorts,
                    StagedAt = now,
                    StartedAt = null,
                    StartingAt = null,
                    Healthy = null,
                };
                work.Put(launched);
                if (!accepts.TryGetValue(placement.Offer.Id, out var tasks))
                {
                    accepts[placement.Offer.Id] = tasks = [];
                }

                tasks.Add(TaskBuilder.Build(app, launched, placement, defaultUser));
            }

            // What an offer lent to this app is not offered again to the next app in this round.
            foreach (var used in accepts.Keys)
            {
                _offers.Remove(used);
            }
        }

        var stillWaiting = work.State.Instances.Values.Any(i => Waits(i) && work.State.Apps.ContainsKey(i.AppId));
        var declines = _offers.Keys.ToArray();
        _offers.Clear();
        // Revive when offers were suppressed, and also when instances have waited a while with no offer at all (a filter
        // of an earlier decline, or a suppression the master kept across a failover, would otherwise starve them).
        var revive = stillWaiting && (_suppressed || now - _lastOfferOrRevive >= ReviveInterval);
        if (revive)
        {
            _lastOfferOrRevive = now;
        }

        var suppress = !anyWaiting && !stillWaiting && !_suppressed;
        _suppressed = (_suppressed || suppress) && !revive;
        return new LaunchRound(
            accepts.Select(a => (a.Key, (IReadOnlyList<TaskInfo>)a.Value)).ToArray(),
            declines,
            stillWaiting ? WaitingRefuseSeconds : IdleRefuseSeconds,
            revive,
            suppress);
    }

    public static async Task SendAsync(SchedulerSubscription subscription, LaunchRound round, Action<string, Exception> failed, CancellationToken cancellationToken)
    {
        foreach (var (offerId, tasks) in round.Accepts)
        {
            await Try(() => subscription.AcceptAsync([offerId], tasks, new Filters(WaitingRefuseSeconds), cancellationToken), "ACCEPT " + offerId, failed);
        }

        if (round.Declines.Count > 0)
        {
            await Try(() => subscription.DeclineAsync(round.Declines, new Filters(round.DeclineRefuseSeconds), cancellationToken), "DECLINE", failed);
        }

        if (round.Revive)
        {
            await Try(() => subscription.ReviveAsync(cancellationToken: cancellationToken), "REVIVE", failed);
        }

        if (round.Suppress)
        {
            await Try(() => subscription.SuppressAsync(cancellationToken: cancellationToken), "SUPPRESS", failed);
        }
    }

    private static async Task Try(Func<Task<SchedulerCallResult>> call, string what, Action<string, Exception> failed)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is SchedulerCallException or HttpRequestException or Client.MasterUnreachableException or TaskCanceledException)
        {
            failed(what, e);
        }
    }
}
