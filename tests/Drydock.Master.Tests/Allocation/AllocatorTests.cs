using Drydock.Master.Allocation;
using Drydock.Protocol.Resources;

namespace Drydock.Master.Tests.Allocation;

public sealed class AllocatorTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<Resource>> NothingHeld = new Dictionary<string, IReadOnlyList<Resource>>();

    private static IReadOnlyList<Resource> R(string text) => ResourceParser.Parse(text).Value!;

    private static AgentSlot Agent(string id, string total = "cpus:4;mem:4096", string used = "", bool offerable = true) =>
        new(id, R(total), R(used), offerable);

    private static FrameworkDemand Framework(string id, bool suppressed = false, string[]? roles = null, params string[] filtered) =>
        new(id, roles ?? ["*"], suppressed, filtered.ToHashSet());

    [Fact]
    public void Allocate_TwoAgentsTwoFrameworks_OneAgentEach()
    {
        var grants = Allocator.Allocate([Agent("a1"), Agent("a2")], [Framework("f1"), Framework("f2")], NothingHeld, new HashSet<string>());

        Assert.Equal([("f1", "a1"), ("f2", "a2")], grants.Select(g => (g.FrameworkId, g.AgentId)));
    }

    [Fact]
    public void Allocate_FreeResources_AreTotalLessUsed()
    {
        var grants = Allocator.Allocate([Agent("a1", "cpus:4;mem:4096;ports:[31000-31010]", "cpus:1;mem:1024;ports:[31000-31004]")], [Framework("f1")], NothingHeld, new HashSet<string>());

        var offered = Assert.Single(grants).Resources;
        Assert.Equal(3, ResourceMath.Scalar(offered, "cpus"));
        Assert.Equal(3072, ResourceMath.Scalar(offered, "mem"));
        Assert.Equal("[31005-31010]", offered.Single(r => r.Name == "ports").Value.Format());
    }

    [Fact]
    public void Allocate_DominantShare_FavoursTheFrameworkHoldingLess()
    {
        var held = new Dictionary<string, IReadOnlyList<Resource>> { ["f1"] = R("cpus:3"), ["f2"] = R("mem:1024") };

        var grants = Allocator.Allocate([Agent("a1"), Agent("a2", "cpus:4;mem:4096")], [Framework("f1"), Framework("f2")], held, new HashSet<string>());

        Assert.Equal("f2", grants[0].FrameworkId);
    }

    [Fact]
    public void Allocate_SkipsSuppressedFilteredOutstandingAndUnofferable()
    {
        var grants = Allocator.Allocate(
            [Agent("a1"), Agent("a2"), Agent("a3", offerable: false), Agent("a4")],
            [Framework("f1", filtered: "a1"), Framework("f2", suppressed: true)],
            NothingHeld,
            new HashSet<string> { "a4" });

        Assert.Equal([("f1", "a2")], grants.Select(g => (g.FrameworkId, g.AgentId)));
    }

    [Fact]
    public void Allocate_ReservedResources_OnlyToTheirRole()
    {
        var grants = Allocator.Allocate([Agent("a1", "cpus(slave_public):2;mem(slave_public):512")], [Framework("f1"), Framework("f2", roles: ["slave_public"])], NothingHeld, new HashSet<string>());

        Assert.Equal("f2", Assert.Single(grants).FrameworkId);
    }

    [Fact]
    public void Allocate_FullyUsedAgent_IsNotOffered() =>
        Assert.Empty(Allocator.Allocate([Agent("a1", "cpus:2;mem:512", "cpus:2;mem:512")], [Framework("f1")], NothingHeld, new HashSet<string>()));

    [Fact]
    public void Allocate_RoleWeightTwo_IsOfferedUntilItHoldsTwiceTheShare()
    {
        var held = new Dictionary<string, IReadOnlyList<Resource>> { ["heavy"] = R("cpus:6"), ["light"] = R("cpus:4") };
        var heavy = Framework("heavy") with { Weight = 2 };

        var grants = Allocator.Allocate([Agent("a1"), Agent("a2")], [heavy, Framework("light")], held, new HashSet<string>());

        // Of 8 cpus: heavy 6/8 / 2 = 0.375 < light 4/8 = 0.5, so heavy first; then heavy 10/8 / 2 = 0.625 > 0.5.
        // Unweighted, light (0.5 < 0.75) would come first.
        Assert.Equal([("heavy", "a1"), ("light", "a2")], grants.Select(g => (g.FrameworkId, g.AgentId)));
    }

    /// <summary>
    /// The allocator against the rule it implements, written the slow and obvious way: for each free agent in id order,
    /// the eligible framework with the smallest dominant share (ties by id) gets the agent's usable resources.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Allocate_RandomClusters_MatchesTheRuleDoneTheSlowWay(int seed)
    {
        var random = new Random(seed);
        string[] roles = ["*", "web", "batch"];
        var agents = Enumerable.Range(0, 60).Select(i => new AgentSlot(
            $"a{i:00}",
            R($"cpus({roles[random.Next(3)]}):{random.Next(1, 9)};mem:{random.Next(1, 9) * 512};disk:{random.Next(1, 5) * 1000}"),
            random.Next(4) == 0 ? R("cpus:0.5") : [],
            random.Next(10) > 0)).ToArray();
        var frameworks = Enumerable.Range(0, 12).Select(i => new FrameworkDemand(
            $"f{i:00}",
            random.Next(2) == 0 ? ["*"] : ["*", roles[random.Next(1, 3)]],
            random.Next(8) == 0,
            agents.Where(_ => random.Next(6) == 0).Select(a => a.AgentId).ToHashSet())).ToArray();
        var held = frameworks.Where(_ => random.Next(2) == 0).ToDictionary(f => f.FrameworkId, _ => R($"cpus:{random.Next(0, 6)};mem:{random.Next(0, 4) * 512}"));
        var busy = agents.Where(_ => random.Next(7) == 0).Select(a => a.AgentId).ToHashSet();

        var grants = Allocator.Allocate(agents, frameworks, held.ToDictionary(p => p.Key, p => p.Value), busy);

        Assert.Equal(SlowWay(agents, frameworks, held, busy), grants.Select(g => (g.FrameworkId, g.AgentId, ResourceMath.Scalar(g.Resources, "cpus"))));
    }

    private static List<(string, string, double)> SlowWay(AgentSlot[] agents, FrameworkDemand[] frameworks, Dictionary<string, IReadOnlyList<Resource>> heldBy, HashSet<string> busy)
    {
        string[] dominant = ["cpus", "mem", "disk"];
        var cluster = dominant.ToDictionary(n => n, n => agents.Sum(a => ResourceMath.Scalar(a.Total, n)));
        var held = frameworks.ToDictionary(f => f.FrameworkId, f => dominant.ToDictionary(n => n, n => heldBy.TryGetValue(f.FrameworkId, out var h) ? ResourceMath.Scalar(h, n) : 0));
        double Share(string id) => dominant.Max(n => cluster[n] > 0 ? held[id][n] / cluster[n] : 0);
        var result = new List<(string, string, double)>();
        foreach (var agent in agents.Where(a => a.Offerable && !busy.Contains(a.AgentId)).OrderBy(a => a.AgentId, StringComparer.Ordinal))
        {
            var free = ResourceMath.Subtract(agent.Total, agent.Used);
            var pick = frameworks
                .Where(f => !f.Suppressed && !f.FilteredAgents.Contains(agent.AgentId))
                .Select(f => (f.FrameworkId, Usable: free.Where(r => r.Role == "*" || f.Roles.Contains(r.Role)).ToArray()))
                .Where(c => c.Usable.Length > 0)
                .OrderBy(c => Share(c.FrameworkId)).ThenBy(c => c.FrameworkId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (pick.FrameworkId is null)
            {
                continue;
            }

            result.Add((pick.FrameworkId, agent.AgentId, ResourceMath.Scalar(pick.Usable, "cpus")));
            foreach (var n in dominant)
            {
                held[pick.FrameworkId][n] += ResourceMath.Scalar(pick.Usable, n);
            }
        }

        return result;
    }
}
