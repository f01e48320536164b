using Drydock.Master.Allocation;
using Drydock.Protocol.Resources;
using FsCheck;
using FsCheck.Fluent;

namespace Drydock.Master.Tests.Allocation;

/// <summary>Properties of <see cref="Allocator.Allocate"/> over random small clusters (FsCheck).</summary>
public sealed class AllocatorPropertyTests
{
    private static readonly string[] Roles = ["*", "web", "batch"];

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Allocate_AnyCluster_NoGrantGoesToAFrameworkThatCannotTakeIt() =>
        Check.One(Runs, Prop.ForAll(Arb.From(Clusters()), input =>
        {
            var frameworks = input.Frameworks.ToDictionary(f => f.FrameworkId);
            var agents = input.Agents.ToDictionary(a => a.AgentId);
            foreach (var grant in Allocator.Allocate(input))
            {
                var framework = frameworks[grant.FrameworkId];
                var agent = agents[grant.AgentId];
                Assert.False(framework.Suppressed, $"{grant} went to a suppressed framework");
                Assert.DoesNotContain(grant.AgentId, framework.FilteredAgents);
                Assert.Contains(grant.Role, framework.Roles);
                Assert.True(agent.Offerable && !input.AgentsWithOffers.Contains(agent.AgentId), $"{grant} is of an agent that may not be offered");
                Assert.NotEmpty(grant.Resources);
                Assert.All(grant.Resources, r => Assert.True(!r.IsReserved || r.Role == grant.Role, $"{r} is reserved for another role than {grant.Role}"));
            }
        }));

    [Fact]
    public void Allocate_AnyCluster_EveryFreeResourceSomeFrameworkCanUseIsGrantedOnce() =>
        Check.One(Runs, Prop.ForAll(Arb.From(Clusters()), input =>
        {
            var grants = Allocator.Allocate(input).ToLookup(g => g.AgentId);
            foreach (var agent in input.Agents.Where(a => a.Offerable && !input.AgentsWithOffers.Contains(a.AgentId)))
            {
                var free = ResourceMath.Subtract(agent.Total, agent.Used);
                var granted = grants[agent.AgentId].SelectMany(g => g.Resources).ToArray();
                Assert.True(ResourceMath.Contains(free, granted), $"{agent.AgentId}: more was granted than is free");

                // Each grant is for another role, and so has resources no other grant on the agent has.
                Assert.Equal(grants[agent.AgentId].Count(), grants[agent.AgentId].Select(g => g.Role).Distinct().Count());
                var able = input.Frameworks.Where(f => !f.Suppressed && !f.FilteredAgents.Contains(agent.AgentId)).ToArray();
                foreach (var resource in free)
                {
                    var usable = able.Any(f => !resource.IsReserved || f.Roles.Contains(resource.Role));
                    Assert.Equal(usable, ResourceMath.Contains(granted, [resource]));
                }
            }
        }));

    [Fact]
    public void Allocate_AnyCluster_MatchesTheRuleDoneTheSlowWay() =>
        Check.One(Runs, Prop.ForAll(Arb.From(Clusters()), input =>
            Assert.Equal(ReferenceAllocator.Allocate(input).Select(ReferenceAllocator.Summary), Allocator.Allocate(input).Select(ReferenceAllocator.Summary))));

    private static IReadOnlyList<Resource> R(string text) => ResourceParser.Parse(text).Value!;

    private static Gen<AllocationInput> Clusters() =>
        from agentCount in Gen.Choose(0, 10)
        from agents in Gen.CollectToArray(Enumerable.Range(0, agentCount).Select(Agent))
        from frameworkCount in Gen.Choose(0, 6)
        from frameworks in Gen.CollectToArray(Enumerable.Range(0, frameworkCount).Select(i => Framework(i, agents)))
        from held in Gen.CollectToArray(frameworks.Select(Holding))
        from busy in Gen.SubListOf(agents.Select(a => a.AgentId))
        from weights in Gen.Elements(
            new Dictionary<string, double>(),
            new Dictionary<string, double> { ["web"] = 2 },
            new Dictionary<string, double> { ["*"] = 3, ["batch"] = 0.5 })
        select new AllocationInput(agents, frameworks)
        {
            Held = held.OfType<RoleHolding>().ToArray(),
            AgentsWithOffers = busy.ToHashSet(),
            Weights = weights,
        };

    private static Gen<AgentSlot> Agent(int index) =>
        from unreserved in Gen.Choose(0, 4)
        from reservedRole in Gen.Elements(Roles[1..])
        from reserved in Gen.Choose(0, 2)
        from mem in Gen.Choose(0, 4)
        from used in Gen.Elements("", "cpus:1", "mem:512")
        from offerable in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        select new AgentSlot(
            $"a{index:00}",
            R(string.Join(';', new[] { $"cpus:{unreserved}", $"cpus({reservedRole}):{reserved}", $"mem:{mem * 512}", "disk:100" }.Where(t => !t.EndsWith(":0", StringComparison.Ordinal)))),
            R(used),
            offerable);

    private static Gen<FrameworkDemand> Framework(int index, AgentSlot[] agents) =>
        from roles in Gen.Elements<string[]>(["*"], ["web"], ["batch"], ["*", "web"], ["web", "batch"])
        from suppressed in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from filtered in Gen.SubListOf(agents.Select(a => a.AgentId))
        select new FrameworkDemand($"f{index}", roles, suppressed, filtered.Where((_, i) => i % 2 == 0).ToHashSet());

    /// <summary>Nothing, or something the framework holds in one of its roles.</summary>
    private static Gen<RoleHolding?> Holding(FrameworkDemand framework) =>
        from holds in Gen.Elements(true, false)
        from role in Gen.Elements(framework.Roles.ToArray())
        from cpus in Gen.Choose(1, 4)
        select holds ? new RoleHolding(framework.FrameworkId, role, R($"cpus:{cpus}")) : null;
}
