using System.Collections.Immutable;
using System.Globalization;
using Drydock.Master.Allocation;
using Drydock.Master.Hosting;
using Drydock.Master.Maintenance;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Frameworks;

/// <summary>
/// Outstanding offers, offer filters and suppression, and the allocation cycle that turns the allocator's grants into
/// OFFERS events. Offers of agents that can no longer be offered (gone, disconnected, DOWN) and of frameworks that
/// left are taken back, with RESCIND where the framework is still there to hear it. One cycle runs at a time.
/// </summary>
internal sealed partial class OfferBook(
    AgentRegistry agents,
    FrameworkRegistry frameworks,
    TaskBook tasks,
    Registrar registrar,
    InverseOfferAnswers answers,
    SchedulerOptions options,
    MasterIdentity identity,
    TimeProvider time,
    ILogger<OfferBook> logger) : IDisposable
{
    private const double DefaultRefuseSeconds = 5;
    private const double MaxRefuseSeconds = 365 * 24 * 3600;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, OutstandingOffer> _offers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Framework, string Agent), DateTimeOffset> _filters = [];
    private readonly HashSet<string> _suppressed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutstandingInverseOffer> _inverseOffers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Framework, string Agent), DateTimeOffset> _inverseFilters = [];
    private long _nextOffer;
    private int _outstandingOffers;

    // The incremental cycle: only agents something happened to since the last cycle are looked at (an offer of theirs
    // went, a task of theirs ended, they registered or were reactivated, a filter on them expired). A framework that
    // subscribes or revives, and a change of weights, make every agent worth a look; so does every
    // SweepEvery-th cycle, which bounds what a missed event could cost to a delay.
    private const int SweepEvery = 30;
    private readonly object _dirtyGate = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private bool _allDirty = true;
    private int _cyclesSinceSweep;
    private IReadOnlyDictionary<string, double>? _lastWeights;
    private IReadOnlyList<Resource> _clusterTotal = [];
    private object? _clusterOf;
    private bool _listening;

    /// <summary>How many offers are outstanding, as of the end of the last change under the gate (for the metrics).</summary>
    public int OutstandingOffers => Volatile.Read(ref _outstandingOffers);

    /// <summary>An agent whose free resources may have changed: the next cycle looks at it.</summary>
    public void MarkDirty(string agentId)
    {
        lock (_dirtyGate)
        {
            _dirty.Add(agentId);
        }
    }

    /// <summary>Something that concerns every agent changed (a framework came or revived): the next cycle looks at all.</summary>
    public void MarkAllDirty()
    {
        lock (_dirtyGate)
        {
            _allDirty = true;
        }
    }

    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_listening)
            {
                // From the first cycle on (which looks at every agent), the events that free resources mark their agents.
                _listening = true;
                agents.Added += agent => MarkDirty(agent.Id);
                agents.Updated += MarkDirty;
                frameworks.Changed += (_, change) =>
                {
                    if (change != FrameworkChange.Removed)
                    {
                        MarkAllDirty();
                    }
                };
                tasks.Changed += (task, _, _) =>
                {
                    if (TaskBook.IsTerminal(task.State) || task.MasterVerdict)
                    {
                        MarkDirty(task.AgentId);
                    }
                };
            }

            // The dirty set is taken before the registry and the durable state are read, so an agent that changes in
            // between is either in this snapshot of them or marked for the next cycle.
            HashSet<string>? dirty;
            lock (_dirtyGate)
            {
                var sweep = _allDirty || ++_cyclesSinceSweep >= SweepEvery;
                dirty = sweep ? null : [.. _dirty];
                _dirty.Clear();
                _allDirty = false;
                _cyclesSinceSweep = sweep ? 0 : _cyclesSinceSweep;
            }

            var now = time.GetUtcNow();
            var state = registrar.Current;
            var weights = options.WeightsIn(state);
            var reweighted = new HashSet<string>(StringComparer.Ordinal);
            if (!ReferenceEquals(weights, _lastWeights))
            {
                // New weights: offers made for a role whose weight changed are taken back (as Mesos does), and every
                // agent is looked at again under the new shares.
                if (_lastWeights is { } before)
                {
                    static double Of(IReadOnlyDictionary<string, double> w, string role) => w.TryGetValue(role, out var x) ? x : 1;
                    reweighted.UnionWith(before.Keys.Concat(weights.Keys).Where(role => Of(before, role) != Of(weights, role)));
                }

                dirty = null;
                _lastWeights = weights;
            }

            var registered = agents.Agents;
            var subscribed = frameworks.Frameworks;
            bool Offerable(RegisteredAgent a) => a.Connected && state.ModeOf(a.Machine) != MachineMode.DOWN
                && !(state.Agents.TryGetValue(a.Id, out var admitted) && admitted.Deactivated);

            Unavailability? UnavailabilityOf(RegisteredAgent a) =>
                state.Machines.TryGetValue(a.Machine, out var machine) && machine.Mode == MachineMode.DRAINING ? machine.Unavailability : null;

            foreach (var offer in _offers.Values.ToArray())
            {
                // An offer whose agent's unavailability changed (scheduled, moved or unscheduled) is taken back, so the
                // framework is offered again with the current one.
                var agentGone = !registered.TryGetValue(offer.AgentId, out var agent) || !Offerable(agent) || UnavailabilityOf(agent) != offer.Unavailability
                    || (options.OfferTimeout is { } timeout && now - offer.Made >= timeout) || reweighted.Contains(offer.Role);
                var frameworkGone = !subscribed.TryGetValue(offer.FrameworkId, out var framework) || !framework.Connected;
                if (agentGone || frameworkGone)
                {
                    _offers.Remove(offer.Id);
                    dirty?.Add(offer.AgentId);
                    if (!frameworkGone)
                    {
                        framework!.TrySend(OfferEventJson.Rescind(offer.Id));
                        LogRescinded(offer.Id, offer.AgentId);
                    }
                }
            }

            foreach (var expired in _filters.Where(f => f.Value <= now).Select(f => f.Key).ToArray())
            {
                _filters.Remove(expired);
                dirty?.Add(expired.Agent);
            }

            foreach (var expired in _inverseFilters.Where(f => f.Value <= now).Select(f => f.Key).ToArray())
            {
                _inverseFilters.Remove(expired);
            }

            var busy = _offers.Values.Select(o => o.AgentId).ToHashSet(StringComparer.Ordinal);
            var candidates = dirty is null ? registered.Values : dirty.Select(registered.GetValueOrDefault).OfType<RegisteredAgent>();
            var slots = candidates.Where(a => !busy.Contains(a.Id) && Offerable(a))
                .Select(a => new AgentSlot(a.Id, a.Info.Resources, tasks.UsedOn(a.Id), Offerable: true)).ToArray();
            var filtered = _filters.Keys.ToLookup(k => k.Framework, k => k.Agent);
            var demands = subscribed.Values.Where(f => f.Connected).Select(f => new FrameworkDemand(
                f.Id,
                f.Info.Roles,
                _suppressed.Contains(f.Id),
                filtered[f.Id].ToHashSet(StringComparer.Ordinal))).ToArray();

            // With no agent worth a look, or no framework that wants offers, there is nothing to allocate: a steady
            // cycle stops here and costs what is outstanding (the checks above), not the cluster.
            var grantsMade = slots.Length == 0 || !demands.Any(d => !d.Suppressed) ? [] : Allocate(slots, demands, busy, registered, subscribed, weights);
            foreach (var grants in grantsMade.GroupBy(g => g.FrameworkId))
            {
                var framework = subscribed[grants.Key];
                var messages = new List<OfferMessage>();
                foreach (var grant in grants)
                {
                    var agent = registered[grant.AgentId];
                    var unavailability = UnavailabilityOf(agent);
                    var offer = new OutstandingOffer(
                        string.Create(CultureInfo.InvariantCulture, $"{identity.Id}-O{_nextOffer++}"), grant.FrameworkId, grant.AgentId, grant.Resources)
                    {
                        Role = grant.Role,
                        Unavailability = unavailability,
                        Made = now,
                    };
                    _offers[offer.Id] = offer;
                    messages.Add(new OfferMessage(
                        offer.Id, offer.FrameworkId, offer.AgentId, agent.Info.Hostname, agent.Machine.Ip!, agent.Info.Port,
                        offer.Resources, agent.Info.Attributes, grant.Role, unavailability));
                }

                framework.TrySend(OfferEventJson.Offers(messages));
                LogOffered(messages.Count, framework.Id);
            }

            // Inverse offers concern only agents on DRAINING machines: the cycle looks at those, not the whole cluster.
            var drainingMachines = state.Machines.Values.Where(m => m.Mode == MachineMode.DRAINING).Select(m => m.Id).ToHashSet();
            var draining = drainingMachines.Count == 0
                ? new Dictionary<string, RegisteredAgent>(StringComparer.Ordinal)
                : registered.Values.Where(a => drainingMachines.Contains(a.Machine) && Offerable(a)).ToDictionary(a => a.Id, StringComparer.Ordinal);
            SendInverseOffers(draining, subscribed, UnavailabilityOf, now);
        }
        finally
        {
            Volatile.Write(ref _outstandingOffers, _offers.Count);
            _gate.Release();
        }
    }

    /// <summary>DECLINE: the offers go back and their agents are filtered for the framework for a while. Unknown ids are ignored.</summary>
    public async Task DeclineAsync(string frameworkId, IReadOnlyList<string> offerIds, double? refuseSeconds, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var refuse = RefuseFor(refuseSeconds);
            foreach (var id in offerIds)
            {
                if (_offers.TryGetValue(id, out var offer) && offer.FrameworkId == frameworkId)
                {
                    _offers.Remove(id);
                    MarkDirty(offer.AgentId);
                    if (refuse > TimeSpan.Zero)
                    {
                        _filters[(frameworkId, offer.AgentId)] = time.GetUtcNow() + refuse;
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _outstandingOffers, _offers.Count);
            _gate.Release();
        }
    }

    /// <summary>
    /// ACCEPT: takes the framework's offers back for use. Returns the agent they are all on, the resources they held and
    /// the role the first was made for (the <c>allocation_info.role</c> Mesos names in its validation errors), or null when any offer is unknown, not this framework's, or the offers span agents, or their agent may no longer
    /// be offered (Mesos: invalid offers).
    /// </summary>
    public async Task<(string AgentId, IReadOnlyList<Resource> Resources, string Role)?> TakeAsync(
        string frameworkId, IReadOnlyList<string> offerIds, double? refuseSeconds, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var offers = offerIds.Select(id => _offers.GetValueOrDefault(id)).ToArray();
            if (offers.Length == 0 || offers.Any(o => o is null || o.FrameworkId != frameworkId) || offers.Select(o => o!.AgentId).Distinct().Count() != 1)
            {
                return null;
            }

            foreach (var offer in offers)
            {
                _offers.Remove(offer!.Id);
            }

            var agentId = offers[0]!.AgentId;
            var state = registrar.Current;
            if (!agents.Agents.TryGetValue(agentId, out var agent) || !agent.Connected || state.ModeOf(agent.Machine) == MachineMode.DOWN
                || (state.Agents.TryGetValue(agentId, out var admitted) && admitted.Deactivated))
            {
                // The agent was deactivated, drained, disconnected or taken down after the offer was made and before the
                // next cycle rescinded it: the offers are no longer valid.
                MarkDirty(agentId);
                return null;
            }

            var refuse = RefuseFor(refuseSeconds);
            if (refuse > TimeSpan.Zero)
            {
                _filters[(frameworkId, agentId)] = time.GetUtcNow() + refuse;
            }

            return (agentId, offers.SelectMany(o => o!.Resources).ToArray(), offers[0]!.Role);
        }
        finally
        {
            Volatile.Write(ref _outstandingOffers, _offers.Count);
            _gate.Release();
        }
    }

    /// <summary>
    /// ACCEPT_INVERSE_OFFERS / DECLINE_INVERSE_OFFERS: each answered inverse offer of the framework goes, its answer is
    /// recorded for <c>/maintenance/status</c>, and no new inverse offer for that agent is sent to the framework for
    /// <c>refuse_seconds</c> (5 by default; 0 means the next cycle sends one again). The answer is advisory: nothing
    /// else changes. Unknown, stale or foreign ids are ignored.
    /// </summary>
    public async Task AnswerInverseOffersAsync(string frameworkId, IReadOnlyList<string> inverseOfferIds, bool accept, double? refuseSeconds, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var refuse = RefuseFor(refuseSeconds);
            foreach (var id in inverseOfferIds)
            {
                if (!_inverseOffers.TryGetValue(id, out var inverse) || inverse.FrameworkId != frameworkId)
                {
                    continue;
                }

                _inverseOffers.Remove(id);
                answers.Record(inverse.Machine, frameworkId, accept ? InverseOfferAnswer.ACCEPT : InverseOfferAnswer.DECLINE, now);
                if (refuse > TimeSpan.Zero)
                {
                    _inverseFilters[(frameworkId, inverse.AgentId)] = now + refuse;
                }

                LogInverseAnswered(id, frameworkId, accept ? "ACCEPT" : "DECLINE");
            }
        }
        finally
        {
            Volatile.Write(ref _outstandingOffers, _offers.Count);
            _gate.Release();
        }
    }

    /// <summary>The outstanding offers, as one consistent copy.</summary>
    public async Task<IReadOnlyList<OutstandingOffer>> SnapshotAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _offers.Values.ToArray();
        }
        finally
        {
            Volatile.Write(ref _outstandingOffers, _offers.Count);
            _gate.Release();
        }
    }

    /// <summary>REVIVE: the framework's filters are cleared and it is offered again.</summary>
    public Task ReviveAsync(string frameworkId, CancellationToken cancellationToken) =>
        ChangeAsync(() =>
        {
            MarkAllDirty();
            _suppressed.Remove(frameworkId);
            foreach (var key in _filters.Keys.Where(k => k.Framework == frameworkId).ToArray())
            {
                _filters.Remove(key);
            }
        }, cancellationToken);

    /// <summary>SUPPRESS: no more offers to the framework until it revives.</summary>
    public Task SuppressAsync(string frameworkId, CancellationToken cancellationToken) =>
        ChangeAsync(() => _suppressed.Add(frameworkId), cancellationToken);

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// <c>filters.refuse_seconds</c> as Mesos's allocator takes it: absent, negative or not a number means the default
    /// (5 s), more than 365 days means 365 days, 0 means no filter. (A non-finite number never gets here: the call's
    /// JSON is refused where it is read.)
    /// </summary>
    internal static TimeSpan RefuseFor(double? refuseSeconds) => refuseSeconds switch
    {
        null => TimeSpan.FromSeconds(DefaultRefuseSeconds),
        double r when double.IsNaN(r) || r < 0 => TimeSpan.FromSeconds(DefaultRefuseSeconds),
        double r when r > MaxRefuseSeconds => TimeSpan.FromSeconds(MaxRefuseSeconds),
        double r => TimeSpan.FromSeconds(r),
    };

    /// <summary>
    /// Inverse offers, under the gate, over the connected, offerable agents on DRAINING machines. Those that no longer apply (agent gone, disconnected or no longer DRAINING,
    /// unavailability changed, framework gone, older than <c>--offer-timeout</c>) are rescinded. Then each connected
    /// framework with an offer or a task on a connected DRAINING agent gets one, if it has none outstanding for that
    /// agent and has not filtered it (scenarios 11, 13, 14, 28, 29). An inverse offer's id comes from the offer counter.
    /// </summary>
    private void SendInverseOffers(
        Dictionary<string, RegisteredAgent> draining,
        System.Collections.Immutable.ImmutableDictionary<string, Framework> subscribed,
        Func<RegisteredAgent, Unavailability?> unavailabilityOf,
        DateTimeOffset now)
    {
        var users = draining.Keys.SelectMany(tasks.OnAgent).Where(t => !TaskBook.IsTerminal(t.State)).Select(t => (t.FrameworkId, t.AgentId))
            .Concat(_offers.Values.Where(o => draining.ContainsKey(o.AgentId)).Select(o => (o.FrameworkId, o.AgentId)))
            .ToHashSet();

        foreach (var inverse in _inverseOffers.Values.ToArray())
        {
            // Kept until answered, even if the framework stops using the agent meanwhile (at most one per pair).
            var stillApplies = draining.TryGetValue(inverse.AgentId, out var agent) && agent.Connected
                && unavailabilityOf(agent) == inverse.Unavailability
                && !(options.OfferTimeout is { } timeout && now - inverse.Made >= timeout)
                && subscribed.TryGetValue(inverse.FrameworkId, out var framework) && framework.Connected;
            if (!stillApplies)
            {
                _inverseOffers.Remove(inverse.Id);
                if (subscribed.TryGetValue(inverse.FrameworkId, out var owner) && owner.Connected)
                {
                    owner.TrySend(OfferEventJson.RescindInverseOffer(inverse.Id));
                }

                LogInverseRescinded(inverse.Id, inverse.AgentId);
            }
        }

        var outstanding = _inverseOffers.Values.Select(i => (i.FrameworkId, i.AgentId)).ToHashSet();
        var messages = new Dictionary<string, List<InverseOfferMessage>>(StringComparer.Ordinal);
        foreach (var (frameworkId, agentId) in users.Order())
        {
            if (outstanding.Contains((frameworkId, agentId)) || _inverseFilters.ContainsKey((frameworkId, agentId))
                || !draining.TryGetValue(agentId, out var agent) || !agent.Connected || unavailabilityOf(agent) is not { } unavailability
                || !subscribed.TryGetValue(frameworkId, out var framework) || !framework.Connected)
            {
                continue;
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"{identity.Id}-O{_nextOffer++}");
            _inverseOffers[id] = new OutstandingInverseOffer(id, frameworkId, agentId, agent.Machine, unavailability, now);
            if (!messages.TryGetValue(frameworkId, out var list))
            {
                messages[frameworkId] = list = [];
            }

            list.Add(new InverseOfferMessage(id, frameworkId, agentId, agent.Info.Hostname, agent.Machine.Ip!, agent.Info.Port, unavailability));
        }

        foreach (var (frameworkId, list) in messages)
        {
            subscribed[frameworkId].TrySend(OfferEventJson.InverseOffers(list));
            LogInverseOffered(list.Count, frameworkId);
        }
    }

    /// <summary>
    /// The allocator's input for the agents worth a look: what every framework holds per role (an offer counts in the
    /// role it was made for; a task's resources in their reservation's role, or, unreserved, in the framework's first
    /// role, since tasks do not record which role's offer they came from) and the whole cluster's total, summed again
    /// only when the registry changed.
    /// </summary>
    private IReadOnlyList<OfferGrant> Allocate(
        AgentSlot[] slots,
        FrameworkDemand[] demands,
        HashSet<string> busy,
        ImmutableDictionary<string, RegisteredAgent> registered,
        ImmutableDictionary<string, Framework> subscribed,
        IReadOnlyDictionary<string, double> weights)
    {
        string FirstRole(string frameworkId) =>
            subscribed.TryGetValue(frameworkId, out var f) && f.Info.Roles.Count > 0 ? f.Info.Roles[0] : "*";
        var held = _offers.Values.Select(o => new RoleHolding(o.FrameworkId, o.Role, o.Resources))
            .Concat(subscribed.Keys.SelectMany(id => tasks.HeldBy(id)
                .GroupBy(r => r.IsReserved ? r.Role : FirstRole(id), StringComparer.Ordinal)
                .Select(g => new RoleHolding(id, g.Key, g.ToArray()))))
            .ToArray();
        if (!ReferenceEquals(_clusterOf, registered))
        {
            _clusterTotal = ClusterTotal(registered.Values);
            _clusterOf = registered;
        }

        return Allocator.Allocate(new AllocationInput(slots, demands) { Held = held, AgentsWithOffers = busy, Weights = weights, ClusterTotal = _clusterTotal });
    }

    /// <summary>The scalar resources the allocator shares by (cpus, mem, disk), summed over every registered agent.</summary>
    private static Resource[] ClusterTotal(IEnumerable<RegisteredAgent> registered)
    {
        double cpus = 0, mem = 0, disk = 0;
        foreach (var agent in registered)
        {
            foreach (var resource in agent.Info.Resources)
            {
                switch (resource.Name)
                {
                    case "cpus":
                        cpus += resource.Value.Scalar;
                        break;
                    case "mem":
                        mem += resource.Value.Scalar;
                        break;
                    case "disk":
                        disk += resource.Value.Scalar;
                        break;
                    default:
                        break;
                }
            }
        }

        return [new("cpus", Value.OfScalar(cpus)), new("mem", Value.OfScalar(mem)), new("disk", Value.OfScalar(disk))];
    }

    private async Task ChangeAsync(Action change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            change();
        }
        finally
        {
            Volatile.Write(ref _outstandingOffers, _offers.Count);
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Count} offers to framework {FrameworkId}")]
    private partial void LogOffered(int count, string frameworkId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} inverse offers to framework {FrameworkId}")]
    private partial void LogInverseOffered(int count, string frameworkId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescinded inverse offer {InverseOfferId} of agent {AgentId}")]
    private partial void LogInverseRescinded(string inverseOfferId, string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inverse offer {InverseOfferId} answered by framework {FrameworkId}: {Answer}")]
    private partial void LogInverseAnswered(string inverseOfferId, string frameworkId, string answer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescinded offer {OfferId} of agent {AgentId}")]
    private partial void LogRescinded(string offerId, string agentId);
}

/// <summary>An offer sent and not yet answered, with the agent's unavailability when it was made.</summary>
internal sealed record OutstandingOffer(string Id, string FrameworkId, string AgentId, IReadOnlyList<Resource> Resources)
{
    /// <summary>The role the offer was made for (its <c>allocation_info.role</c>).</summary>
    public string Role { get; init; } = "*";

    public Unavailability? Unavailability { get; init; }

    /// <summary>When the offer was sent, for <c>--offer-timeout</c>.</summary>
    public DateTimeOffset Made { get; init; }
}

/// <summary>An inverse offer sent and not yet answered.</summary>
internal sealed record OutstandingInverseOffer(string Id, string FrameworkId, string AgentId, MachineId Machine, Unavailability Unavailability, DateTimeOffset Made);
