using System.Text.Json;
using Drydock.Cli.Commands;
using Drydock.Cli.Commands.Cluster;

namespace Drydock.Cli.Tests.Commands.Cluster;

public sealed class AgentSelectorTests
{
    private const string Master = "3d53d2ce-31e7-4894-9af8-e32d10b8ad8f";

    private static JsonElement Agents(params (string Id, string Host)[] agents) =>
        JsonDocument.Parse("{\"agents\":[" + string.Join(",", agents.Select(a => $"{{\"agent_info\":{{\"id\":{{\"value\":\"{a.Id}\"}},\"hostname\":\"{a.Host}\"}}}}"))
            + "],\"recovered_agents\":[{\"id\":{\"value\":\"" + Master + "-S9\"},\"hostname\":\"old\"}]}").RootElement;

    [Theory]
    [InlineData(Master + "-S1", Master + "-S1")]
    [InlineData(Master + "-S1", Master + "-S1", "prefix of S10 too, but whole")]
    [InlineData("3d53d2ce-31e7-4894-9af8-e32d10b8ad8f-S2", Master + "-S2")]
    [InlineData("NODE-B", Master + "-S2")]
    [InlineData("old", Master + "-S9")]
    public void Resolve_WholeIdOrHostname_FindsTheAgent(string text, string expected, string? note = null)
    {
        _ = note;
        var agents = Agents((Master + "-S1", "node-a"), (Master + "-S2", "node-b"), (Master + "-S10", "node-c"));

        Assert.Equal(expected, AgentSelector.Resolve(agents, text, passUnlistedIds: false));
    }

    [Fact]
    public void Resolve_UniquePrefix_FindsTheAgent()
    {
        // Agents admitted by two masters (one before a restart) differ early in their ids.
        var agents = Agents((Master + "-S1", "node-a"), ("7f00e2b1-0000-4000-8000-000000000001-S0", "node-b"));

        Assert.Equal("7f00e2b1-0000-4000-8000-000000000001-S0", AgentSelector.Resolve(agents, "7f0", passUnlistedIds: false));
    }

    [Fact]
    public void Resolve_AmbiguousPrefix_IsAUsageErrorListingTheCandidates()
    {
        var agents = Agents((Master + "-S1", "node-a"), (Master + "-S2", "node-b"));

        var error = Assert.Throws<UsageException>(() => AgentSelector.Resolve(agents, Master[..8], passUnlistedIds: true));

        Assert.Contains($"{Master}-S1 (node-a)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Master}-S2 (node-b)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SameHostnameTwice_IsAmbiguous()
    {
        var agents = Agents((Master + "-S1", "node-a"), (Master + "-S2", "node-a"));

        Assert.Throws<UsageException>(() => AgentSelector.Resolve(agents, "node-a", passUnlistedIds: false));
    }

    [Theory]
    [InlineData("nobody", true)]
    [InlineData("nobody", false)]
    [InlineData(Master + "-S7", false)]
    public void Resolve_NoMatch_IsARefusal(string text, bool passUnlistedIds)
    {
        var agents = Agents((Master + "-S1", "node-a"));

        var error = Assert.Throws<RefusedException>(() => AgentSelector.Resolve(agents, text, passUnlistedIds));

        Assert.Contains("no registered agent " + text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnlistedWholeId_IsPassedOnForTheMasterToDecide()
    {
        var agents = Agents((Master + "-S1", "node-a"));

        Assert.Equal(Master + "-S7", AgentSelector.Resolve(agents, Master + "-S7", passUnlistedIds: true));
    }
}
