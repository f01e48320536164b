using System.Globalization;
using Drydock.Master.Allocation;
using Drydock.Master.Hosting;
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
    private long _nextOffer;

    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var state = registrar.Current;
            var registered = agents.Agents;
            var subscribed = frameworks.Frameworks;
            bool Offerable(RegisteredAgent a) => a.Connected && state.ModeOf(a.Machine) != MachineMode.DOWN;

            foreach (var offer in _offers.Values.ToArray())
            {
                var agentGone = !registered.TryGetValue(offer.AgentId, out var agent) || !Offerable(agent);
                var frameworkGone = !subscribed.TryGetValue(offer.FrameworkId, out var framework) || !framework.Connected;
                if (agentGone || frameworkGone)
                {
                    _offers.Remove(offer.Id);
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
            }

            var used = tasks.UsedByAgent();
            var slots = registered.Values.Select(a => new AgentSlot(a.Id, a.Info.Resources, used.GetValueOrDefault(a.Id, []), Offerable(a))).ToArray();
            var demands = subscribed.Values.Where(f => f.Connected).Select(f => new FrameworkDemand(
                f.Id,
                f.Info.Roles,
                _suppressed.Contains(f.Id),
                _filters.Keys.Where(k => k.Framework == f.Id).Select(k => k.Agent).ToHashSet(StringComparer.Ordinal))).ToArray();
            var running = tasks.UsedByFramework();
            var held = _offers.Values.GroupBy(o => o.FrameworkId).Select(g => g.Key).Union(running.Keys)
                .ToDictionary(f => f, f => (IReadOnlyList<Resource>)_offers.Values.Where(o => o.FrameworkId == f).SelectMany(o => o.Resources)
                    .Concat(running.GetValueOrDefault(f, [])).ToArray());
            var busy = _offers.Values.Select(o => o.AgentId).ToHashSet(StringComparer.Ordinal);

            foreach (var grants in Allocator.Allocate(slots, demands, held, busy).GroupBy(g => g.FrameworkId))
            {
                var framework = subscribed[grants.Key];
                var messages = new List<OfferMessage>();
                foreach (var grant in grants)
                {
                    var agent = registered[grant.AgentId];
                    var offer = new OutstandingOffer(
                        string.Create(CultureInfo.InvariantCulture, $"{identity.Id}-O{_nextOffer++}"), grant.FrameworkId, grant.AgentId, grant.Resources);
                    _offers[offer.Id] = offer;
                    var role = grant.Resources.Select(r => r.Role).FirstOrDefault(r => r != "*") ?? (framework.Info.Roles.Count > 0 ? framework.Info.Roles[0] : "*");
                    var unavailability = state.Machines.TryGetValue(agent.Machine, out var machine) ? machine.Unavailability : null;
                    messages.Add(new OfferMessage(
                        offer.Id, offer.FrameworkId, offer.AgentId, agent.Info.Hostname, agent.Machine.Ip!, agent.Info.Port,
                        offer.Resources, agent.Info.Attributes, role, unavailability));
                }

                framework.TrySend(OfferEventJson.Offers(messages));
                LogOffered(messages.Count, framework.Id);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>DECLINE: the offers go back and their agents are filtered for the framework for a while. Unknown ids are ignored.</summary>
    public async Task DeclineAsync(string frameworkId, IReadOnlyList<string> offerIds, double? refuseSeconds, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var refuse = TimeSpan.FromSeconds(Math.Clamp(refuseSeconds ?? DefaultRefuseSeconds, 0, MaxRefuseSeconds));
            foreach (var id in offerIds)
            {
                if (_offers.TryGetValue(id, out var offer) && offer.FrameworkId == frameworkId)
                {
                    _offers.Remove(id);
                    if (refuse > TimeSpan.Zero)
                    {
                        _filters[(frameworkId, offer.AgentId)] = time.GetUtcNow() + refuse;
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// ACCEPT: takes the framework's offers back for use. Returns the agent they are all on and the resources they held,
    /// or null when any offer is unknown, not this framework's, or the offers span agents (Mesos: invalid offers).
    /// </summary>
    public async Task<(string AgentId, IReadOnlyList<Resource> Resources)?> TakeAsync(
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
            var refuse = TimeSpan.FromSeconds(Math.Clamp(refuseSeconds ?? DefaultRefuseSeconds, 0, MaxRefuseSeconds));
            if (refuse > TimeSpan.Zero)
            {
                _filters[(frameworkId, agentId)] = time.GetUtcNow() + refuse;
            }

            return (agentId, offers.SelectMany(o => o!.Resources).ToArray());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>REVIVE: the framework's filters are cleared and it is offered again.</summary>
    public Task ReviveAsync(string frameworkId, CancellationToken cancellationToken) =>
        ChangeAsync(() =>
        {
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

    private async Task ChangeAsync(Action change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            change();
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Count} offers to framework {FrameworkId}")]
    private partial void LogOffered(int count, string frameworkId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescinded offer {OfferId} of agent {AgentId}")]
    private partial void LogRescinded(string offerId, string agentId);
}

/// <summary>An offer sent and not yet answered.</summary>
internal sealed record OutstandingOffer(string Id, string FrameworkId, string AgentId, IReadOnlyList<Resource> Resources);
