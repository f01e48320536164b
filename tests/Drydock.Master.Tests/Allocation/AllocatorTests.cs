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
}
