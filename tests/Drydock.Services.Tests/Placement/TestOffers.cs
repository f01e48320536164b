using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Instances;
using Drydock.Services.Placement;

namespace Drydock.Services.Tests.Placement;

/// <summary>Offers, apps and instances for placement tests, written in Mesos's resource and attribute text.</summary>
internal static class TestOffers
{
    public const string Plenty = "cpus:8;mem:8192;disk:10000;ports:[31000-31099]";

    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static OfferMessage Offer(string agent, string resources = Plenty, string attributes = "", string role = "*") => new(
        $"offer-{agent}",
        "framework-1",
        agent,
        $"{agent}.example",
        $"10.0.0.{(agent.GetHashCode(StringComparison.Ordinal) & 0x7f) + 1}",
        5051,
        ResourceParser.Parse(resources).Value!,
        attributes.Length == 0 ? [] : AttributeParser.Parse(attributes).Value!,
        role,
        null);

    public static OfferMessage WithWindow(this OfferMessage offer, TimeSpan fromNow, TimeSpan? duration = null) => offer with
    {
        Unavailability = new Unavailability(TimeInfo.From(Now + fromNow), duration is { } d ? DurationInfo.From(d) : null),
    };

    public static AppDefinition App(double cpus = 1, double mem = 128, int ports = 1, params Constraint[] constraints) => new()
    {
        Id = PathId.Parse("/web"),
        Cpus = cpus,
        Mem = mem,
        Constraints = constraints,
        PortDefinitions = Enumerable.Range(0, ports).Select(i => new PortDefinition(0, "tcp", $"p{i}")).ToArray(),
    };

    public static Instance Running(OfferMessage on) => new()
    {
        Id = InstanceId.New(PathId.Parse("/web")),
        AppId = PathId.Parse("/web"),
        AppVersion = Now,
        Incarnation = 1,
        State = TaskStates.Running,
        AgentId = on.AgentId,
        Hostname = on.Hostname,
        AgentAttributes = AttributeFormat.Of(on.Attributes),
        Region = on.Domain?.Region,
        Zone = on.Domain?.Zone,
    };

    public static PlacementResult Place(AppDefinition app, int count, IReadOnlyList<OfferMessage> offers, MaintenanceView? view = null, IReadOnlyList<Instance>? instances = null, int maxPerOffer = PlacementRequest.DefaultMaxPerOffer, int seed = 7) =>
        Placer.Place(
            new PlacementRequest(app, count, offers) { Maintenance = view ?? MaintenanceView.Empty, Instances = instances ?? [], MaxPerOffer = maxPerOffer },
            Now,
            new Random(seed));

    /// <summary>How many placements went to each agent.</summary>
    public static Dictionary<string, int> PerAgent(this PlacementResult result) =>
        result.Placements.GroupBy(p => p.Offer.AgentId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
