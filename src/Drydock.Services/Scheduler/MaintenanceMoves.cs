using Drydock.Client.Scheduler;
using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Deployments;

namespace Drydock.Services.Scheduler;

/// <summary>
/// Make-before-break migration off agents the master asks back (inverse offers): each app with instances on such an
/// agent gets replacements elsewhere within its upgradeStrategy, and an old instance is killed only once the healthy
/// capacity allows it (<see cref="MigrationPlanner"/>). The inverse offer is ACCEPTed once the agent holds none of this
/// scheduler's instances; while instances are moving it is held unanswered (the master asks only frameworks that use the
/// agent, so a declined one could not be accepted later), and while an app cannot move at all it is DECLINEd for a few
/// seconds, so the master asks again. The reasons are kept for <c>GET /drydock/maintenance</c>. An agent stays due for a while after its last inverse offer, so that
/// placement keeps avoiding it between the master's asks. Called by the scheduler's one writer.
/// </summary>
internal sealed class MaintenanceMoves
{
    private static readonly TimeSpan DueFor = TimeSpan.FromSeconds(30);
    private const double DeclineRefuseSeconds = 5;

    private readonly Dictionary<string, (InverseOfferMessage Offer, DateTimeOffset Seen)> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InverseOfferMessage> _unanswered = new(StringComparer.Ordinal);
    private readonly Dictionary<PathId, DateTimeOffset> _waitingSince = [];

    /// <summary>The latest plan, for the Drydock endpoint.</summary>
    public MigrationPlan Latest { get; private set; } = new(new Dictionary<PathId, AppMigrationDecision>(), new Dictionary<string, AgentVerdict>());

    /// <summary>The agents due now, with the inverse offer that made them so.</summary>
    public IReadOnlyCollection<InverseOfferMessage> Due => _due.Values.Select(d => d.Offer).ToArray();

    public void Received(IEnumerable<InverseOfferMessage> offers, DateTimeOffset now)
    {
        foreach (var offer in offers)
        {
            _due[offer.AgentId] = (offer, now);
            _unanswered[offer.Id] = offer;
        }
    }

    public void Rescinded(string inverseOfferId)
    {
        _unanswered.Remove(inverseOfferId);
        foreach (var agent in _due.Where(d => d.Value.Offer.Id == inverseOfferId).Select(d => d.Key).ToArray())
        {
            _due.Remove(agent);
        }
    }

    public void Resubscribed()
    {
        _due.Clear();
        _unanswered.Clear();
    }

    /// <summary>Whether the app's count belongs to the migration now (the scale check leaves it alone).</summary>
    public bool Migrating(PathId app) => Latest.Apps.TryGetValue(app, out var decision) && decision.Mode != MigrationMode.Idle;

    /// <summary>Plans the moves, applies them to <paramref name="work"/>, and returns the inverse offers to accept and to decline.</summary>
    public (IReadOnlyList<string> Accept, IReadOnlyList<string> Decline) Step(Working work, DateTimeOffset now)
    {
        foreach (var stale in _due.Where(d => now - d.Value.Seen > DueFor).Select(d => d.Key).ToArray())
        {
            _due.Remove(stale);
        }

        var dueAgents = _due.Keys.ToHashSet(StringComparer.Ordinal);
        var inputs = new List<AppMigrationInput>();
        foreach (var app in work.State.Apps.Values)
        {
            var instances = work.State.InstancesOf(app.Id).ToArray();
            var waiting = instances.Any(Launcher.Waits);
            if (!waiting)
            {
                _waitingSince.Remove(app.Id);
            }
            else if (!_waitingSince.ContainsKey(app.Id))
            {
                _waitingSince[app.Id] = now;
            }

            if (work.State.Deployments.LockedBy(app.Id).Count > 0 || !instances.Any(i => i.AgentId is { } a && dueAgents.Contains(a)))
            {
                continue;
            }

            inputs.Add(new AppMigrationInput(
                app.Id,
                app.Instances,
                app.UpgradeStrategy,
                instances.Select(i => new MigrationInstance(i.Id, Launcher.Waits(i) ? null : i.AgentId, i.Goal, i.IsActive, DeploymentRunner.IsHealthy(app, i))).ToArray())
            {
                NoRoomSince = _waitingSince.TryGetValue(app.Id, out var since) ? since : null,
            });
        }

        Latest = MigrationPlanner.Plan(inputs, dueAgents, now, MigrationPlanner.DefaultPatience);
        foreach (var decision in Latest.Apps.Values)
        {
            if (!work.State.Apps.TryGetValue(decision.AppId, out var app))
            {
                continue;
            }

            foreach (var id in decision.Kill)
            {
                if (work.State.Instances.TryGetValue(id, out var victim))
                {
                    work.Decommission(victim);
                }
            }

            DeploymentRunner.Queue(work, app, decision.StartReplacements);
        }

        var accept = new List<string>();
        var decline = new List<string>();
        var stalled = Latest.Apps.Values.Any(d => d.Mode == MigrationMode.Stalled);
        foreach (var offer in _unanswered.Values.ToArray())
        {
            var free = !Latest.Agents.TryGetValue(offer.AgentId, out var verdict) || verdict.Accept;
            if (free)
            {
                accept.Add(offer.Id);
            }
            else if (stalled)
            {
                // Nothing can move now: say no for a few seconds, and the master asks again.
                decline.Add(offer.Id);
            }
            else
            {
                // Moving: the inverse offer is kept until the agent is free. The master sends inverse offers only to
                // frameworks that use the agent, so one declined now could never be accepted once the last instance left.
                continue;
            }

            _unanswered.Remove(offer.Id);
        }

        return (accept, decline);
    }

    public static async Task SendAsync(SchedulerSubscription subscription, IReadOnlyList<string> accept, IReadOnlyList<string> decline, Action<string, Exception> failed, CancellationToken cancellationToken)
    {
        try
        {
            if (accept.Count > 0)
            {
                await subscription.AcceptInverseOffersAsync(accept, cancellationToken: cancellationToken);
            }

            if (decline.Count > 0)
            {
                await subscription.DeclineInverseOffersAsync(decline, new Filters(DeclineRefuseSeconds), cancellationToken);
            }
        }
        catch (Exception e) when (e is SchedulerCallException or HttpRequestException or Client.MasterUnreachableException or TaskCanceledException)
        {
            failed("inverse offer answers", e);
        }
    }
}
