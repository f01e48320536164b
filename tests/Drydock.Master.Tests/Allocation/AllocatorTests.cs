using Drydock.Master.Allocation;
using Drydock.Protocol.Resources;

namespace Drydock.Master.Tests.Allocation;

public sealed class AllocatorTests
{
    private static IReadOnlyList<Resource> R(string text) => ResourceParser.Parse(text).Value!;

    private static AgentSlot Agent(string id, string total = "cpus:4;mem:4096", string used = "", bool offerable = true) =>
        new(id, R(total), R(used), offerable);

    private static AgentSlot[] Agents(int count) => Enumerable.Range(1, count).Select(i => Agent($"a{i:00}")).ToArray();

    private static FrameworkDemand Framework(string id, bool suppressed = false, string[]? roles = null, params string[] filtered) =>
        new(id, roles ?? ["*"], suppressed, filtered.ToHashSet());

    private static IReadOnlyList<OfferGrant> Allocate(
        AgentSlot[] agents, FrameworkDemand[] frameworks, RoleHolding[]? held = null, string[]? busy = null, Dictionary<string, double>? weights = null) =>
        Allocator.Allocate(new AllocationInput(agents, frameworks)
        {
            Held = held ?? [],
            AgentsWithOffers = (busy ?? []).ToHashSet(),
            Weights = weights ?? new(),
        });

    [Fact]
    public void Allocate_TwoAgentsTwoFrameworks_OneAgentEach()
    {
        var grants = Allocate(Agents(2), [Framework("f1"), Framework("f2")]);

        Assert.Equal([("f1", "*", "a01"), ("f2", "*", "a02")], grants.Select(g => (g.FrameworkId, g.Role, g.AgentId)));
    }

    [Fact]
    public void Allocate_FreeResources_AreTotalLessUsed()
    {
        var grants = Allocate([Agent("a1", "cpus:4;mem:4096;ports:[31000-31010]", "cpus:1;mem:1024;ports:[31000-31004]")], [Framework("f1")]);

        var offered = Assert.Single(grants).Resources;
        Assert.Equal(3, ResourceMath.Scalar(offered, "cpus"));
        Assert.Equal(3072, ResourceMath.Scalar(offered, "mem"));
        Assert.Equal("[31005-31010]", offered.Single(r => r.Name == "ports").Value.Format());
    }

    [Fact]
    public void Allocate_DominantShareWithinARole_FavoursTheFrameworkHoldingLess()
    {
        RoleHolding[] held = [new("f1", "*", R("cpus:3")), new("f2", "*", R("mem:1024"))];

        var grants = Allocate([Agent("a1"), Agent("a2", "cpus:4;mem:4096")], [Framework("f1"), Framework("f2")], held);

        Assert.Equal("f2", grants[0].FrameworkId);
    }

    [Fact]
    public void Allocate_SkipsSuppressedFilteredOutstandingAndUnofferable()
    {
        var grants = Allocate(
            [Agent("a1"), Agent("a2"), Agent("a3", offerable: false), Agent("a4")],
            [Framework("f1", filtered: "a1"), Framework("f2", suppressed: true)],
            busy: ["a4"]);

        Assert.Equal([("f1", "a2")], grants.Select(g => (g.FrameworkId, g.AgentId)));
    }

    [Fact]
    public void Allocate_FullyUsedAgent_IsNotOffered() =>
        Assert.Empty(Allocate([Agent("a1", "cpus:2;mem:512", "cpus:2;mem:512")], [Framework("f1")]));

    [Fact]
    public void Allocate_TwoRolesOfEqualWeight_AlternateEvenWhenOneRoleHasManyMoreFrameworks()
    {
        FrameworkDemand[] frameworks = [Framework("lonely", roles: ["a"]), .. Enumerable.Range(1, 5).Select(i => Framework($"crowd{i}", roles: ["b"]))];

        var grants = Allocate(Agents(6), frameworks);

        // Flat DRF over the six frameworks would give the lonely one a single agent; the roles share the cluster first.
        Assert.Equal(["a", "b", "a", "b", "a", "b"], grants.Select(g => g.Role));
        Assert.Equal(3, grants.Count(g => g.FrameworkId == "lonely"));
        Assert.Equal(["crowd1", "crowd2", "crowd3"], grants.Where(g => g.Role == "b").Select(g => g.FrameworkId));
    }

    [Fact]
    public void Allocate_WeightsTwoToOne_GiveTwiceTheShare()
    {
        var grants = Allocate(Agents(9), [Framework("h", roles: ["heavy"]), Framework("l", roles: ["light"])], weights: new() { ["heavy"] = 2 });

        Assert.Equal(6, grants.Count(g => g.FrameworkId == "h"));
        Assert.Equal(3, grants.Count(g => g.FrameworkId == "l"));
    }

    [Fact]
    public void Allocate_RoleWeightTwo_IsOfferedUntilItHoldsTwiceTheShare()
    {
        RoleHolding[] held = [new("heavy", "web", R("cpus:6")), new("light", "*", R("cpus:4"))];

        var grants = Allocate(Agents(2), [Framework("heavy", roles: ["web"]), Framework("light")], held, weights: new() { ["web"] = 2 });

        // Of 8 cpus: web 6/8 / 2 = 0.375 < * 4/8 = 0.5, so web first; then web 10/8 / 2 = 0.625 > 0.5.
        // Unweighted, * (0.5 < 0.75) would come first.
        Assert.Equal([("heavy", "a01"), ("light", "a02")], grants.Select(g => (g.FrameworkId, g.AgentId)));
    }

    [Fact]
    public void Allocate_SuppressedAndFilteringFrameworks_AreSkippedWithoutStarvingTheirRoleMates()
    {
        FrameworkDemand[] frameworks =
        [
            Framework("a-0-suppressed", suppressed: true, roles: ["a"]),
            Framework("a-filtering", roles: ["a"], filtered: ["a01", "a02", "a03", "a04"]),
            Framework("a-ok", roles: ["a"]),
            Framework("b-ok", roles: ["b"]),
        ];
        RoleHolding[] held = [new("a-ok", "a", R("cpus:1")), new("b-ok", "b", R("cpus:1"))];

        var grants = Allocate(Agents(4), frameworks, held);

        Assert.Equal([("a-ok", "a01"), ("b-ok", "a02"), ("a-ok", "a03"), ("b-ok", "a04")], grants.Select(g => (g.FrameworkId, g.AgentId)));
    }

    [Fact]
    public void Allocate_RoleWhoseFrameworksAllFilterTheAgent_LetsTheNextRoleHaveIt()
    {
        var grants = Allocate(Agents(2), [Framework("fa", roles: ["a"], filtered: "a01"), Framework("fb", roles: ["b"])]);

        Assert.Equal([("fb", "b", "a01"), ("fa", "a", "a02")], grants.Select(g => (g.FrameworkId, g.Role, g.AgentId)));
    }

    [Fact]
    public void Allocate_ReservedResources_OnlyToTheirRole()
    {
        var grants = Allocate([Agent("a1", "cpus(slave_public):2;mem(slave_public):512")], [Framework("f1"), Framework("f2", roles: ["slave_public"])]);

        var grant = Assert.Single(grants);
        Assert.Equal(("f2", "slave_public"), (grant.FrameworkId, grant.Role));
    }

    [Fact]
    public void Allocate_ReservedForARoleThatLosesTheAgent_IsOfferedToThatRoleSeparately()
    {
        RoleHolding[] held = [new("web", "web", R("cpus:1"))];

        var grants = Allocate([Agent("a1", "cpus:2;mem:1024;cpus(web):2;mem(web):1024")], [Framework("star"), Framework("web", roles: ["web"])], held);

        Assert.Equal([("star", "*", "a1", 2.0, 1024.0, 0.0), ("web", "web", "a1", 2.0, 1024.0, 0.0)], grants.Select(ReferenceAllocator.Summary));
        Assert.All(grants[0].Resources, r => Assert.False(r.IsReserved));
        Assert.All(grants[1].Resources, r => Assert.Equal("web", r.Role));
    }

    [Fact]
    public void Allocate_ReservedForTheRoleThatWinsTheAgent_ComeInOneGrantWithTheUnreserved()
    {
        RoleHolding[] held = [new("star", "*", R("cpus:1"))];

        var grants = Allocate([Agent("a1", "cpus:2;mem:1024;cpus(web):2;mem(web):1024")], [Framework("star"), Framework("web", roles: ["web"])], held);

        Assert.Equal([("web", "web", "a1", 4.0, 2048.0, 0.0)], grants.Select(ReferenceAllocator.Summary));
    }

    [Fact]
    public void Allocate_OnlyReservedResources_EachRoleGetsItsOwnGrantInRoleOrder()
    {
        var grants = Allocate([Agent("a1", "cpus(web):1;cpus(batch):1")], [Framework("w", roles: ["web"]), Framework("b", roles: ["batch"]), Framework("star")]);

        Assert.Equal([("b", "batch"), ("w", "web")], grants.Select(g => (g.FrameworkId, g.Role)));
    }

    [Fact]
    public void Allocate_FrameworkWithTwoRoles_CountsInEachByWhatItHoldsThere()
    {
        RoleHolding[] held = [new("multi", "a", R("cpus:4"))];

        var grants = Allocate(Agents(2), [Framework("multi", roles: ["a", "b"]), Framework("single", roles: ["a"])], held);

        // Role a holds 4 of 8 cpus, role b none: b's turn goes to multi, which holds nothing in b; then single in a.
        Assert.Equal([("multi", "b", "a01"), ("single", "a", "a02")], grants.Select(g => (g.FrameworkId, g.Role, g.AgentId)));
    }

    /// <summary>The allocator against <see cref="ReferenceAllocator"/> on random clusters.</summary>
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
            R($"cpus({roles[random.Next(3)]}):{random.Next(1, 9)};mem({roles[random.Next(3)]}):{random.Next(1, 9) * 512};cpus:{random.Next(1, 3)};disk:{random.Next(1, 5) * 1000}"),
            random.Next(4) == 0 ? R("cpus:0.5") : [],
            random.Next(10) > 0)).ToArray();
        var frameworks = Enumerable.Range(0, 12).Select(i => new FrameworkDemand(
            $"f{i:00}",
            random.Next(3) switch { 0 => ["*"], 1 => [roles[random.Next(1, 3)]], _ => ["*", roles[random.Next(1, 3)]] },
            random.Next(8) == 0,
            agents.Where(_ => random.Next(6) == 0).Select(a => a.AgentId).ToHashSet())).ToArray();
        var held = frameworks.Where(_ => random.Next(2) == 0)
            .Select(f => new RoleHolding(f.FrameworkId, f.Roles[random.Next(f.Roles.Count)], R($"cpus:{random.Next(0, 6)};mem:{random.Next(0, 4) * 512}")))
            .ToArray();
        var input = new AllocationInput(agents, frameworks)
        {
            Held = held,
            AgentsWithOffers = agents.Where(_ => random.Next(7) == 0).Select(a => a.AgentId).ToHashSet(),
            Weights = new Dictionary<string, double> { ["web"] = random.Next(1, 4), ["batch"] = 0.5 },
        };

        var grants = Allocator.Allocate(input);

        Assert.NotEmpty(grants);
        Assert.Equal(ReferenceAllocator.Allocate(input).Select(ReferenceAllocator.Summary), grants.Select(ReferenceAllocator.Summary));
    }
}
