using Drydock.Agent.Checkpoint;
using Drydock.Agent.Recovery;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;

namespace Drydock.Agent.Tests.Recovery;

public sealed class RecoveryPlannerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("drydock-recovery-");

    public void Dispose() => _dir.Delete(recursive: true);

    private AgentPaths Paths => new(_dir.FullName);

    private static AgentInfo Info(string attributes) =>
        new("agent-1", 5051, ResourceParser.Parse("cpus:4;mem:1024").Value!, AttributeParser.Parse(attributes).Value!);

    private void Checkpoint(string agentId, AgentInfo info, string bootId)
    {
        AtomicFile.WriteAllBytes(Paths.AgentInfoFile(agentId), AgentInfoJson.Serialize(info, agentId));
        AtomicFile.ReplaceSymlink(Paths.Latest, Paths.AgentMetaDir(agentId));
        AtomicFile.WriteAllText(Paths.BootIdFile, bootId);
    }

    [Fact]
    public void Plan_EmptyWorkDir_IsFresh() =>
        Assert.IsType<RecoveryPlan.Fresh>(RecoveryPlanner.Plan(Paths, Info("rack:r1"), ReconfigurationPolicy.Equal, "boot-1"));

    [Fact]
    public void Plan_SameInfo_ResumesWithSameId()
    {
        Checkpoint("m-S0", Info("rack:r1"), "boot-1");

        var plan = RecoveryPlanner.Plan(Paths, Info("rack:r1"), ReconfigurationPolicy.Equal, "boot-1");

        Assert.Equal("m-S0", Assert.IsType<RecoveryPlan.Resume>(plan).AgentId);
    }

    [Fact]
    public void Plan_ChangedAttributesNoReboot_RefusesWithHint()
    {
        Checkpoint("m-S0", Info("rack:r1"), "boot-1");

        var plan = RecoveryPlanner.Plan(Paths, Info("rack:r2"), ReconfigurationPolicy.Equal, "boot-1");

        var refuse = Assert.IsType<RecoveryPlan.Refuse>(plan);
        var lines = refuse.Message.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("Incompatible agent info detected", lines[0]);
        Assert.Equal("  attribute `rack`: `r1` -> `r2`", lines[1]);
        Assert.Equal($"  rm -f {Paths.Latest}", lines[^1]);
        Assert.True(lines.Length <= 6, refuse.Message);
        Assert.DoesNotContain("old agent info", refuse.Message, StringComparison.Ordinal);
        Assert.Contains("old agent info: hostname: agent-1, port: 5051", refuse.Detail, StringComparison.Ordinal);
        Assert.Contains("rack:r1", refuse.Detail, StringComparison.Ordinal);
        Assert.Contains("rack:r2", refuse.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ChangedAfterReboot_StartsOver()
    {
        Checkpoint("m-S0", Info("rack:r1"), "boot-1");

        var plan = RecoveryPlanner.Plan(Paths, Info("rack:r2"), ReconfigurationPolicy.Equal, "boot-2");

        Assert.Equal("m-S0", Assert.IsType<RecoveryPlan.StartOverAfterReboot>(plan).OldAgentId);
    }

    [Fact]
    public void Plan_LatestRemoved_IsFreshEvenWithOldDirectories()
    {
        Checkpoint("m-S0", Info("rack:r1"), "boot-1");
        File.Delete(Paths.Latest);

        Assert.IsType<RecoveryPlan.Fresh>(RecoveryPlanner.Plan(Paths, Info("rack:r2"), ReconfigurationPolicy.Equal, "boot-1"));
    }

    [Fact]
    public void Plan_AdditiveGrowth_Resumes()
    {
        Checkpoint("m-S0", Info("rack:r1"), "boot-1");

        var plan = RecoveryPlanner.Plan(Paths, Info("rack:r1;version:8"), ReconfigurationPolicy.Additive, "boot-1");

        Assert.IsType<RecoveryPlan.Resume>(plan);
    }

    [Fact]
    public void AgentInfoJson_RoundTrip_KeepsEverything()
    {
        var info = new AgentInfo("h", 5051, ResourceParser.Parse("cpus:2.5;ports:[31000-32000];bugs(r):{a,b}").Value!, AttributeParser.Parse("rack:r1;level:10;keys:[1-5]").Value!);

        var parsed = AgentInfoJson.Parse(AgentInfoJson.Serialize(info, "m-S3"));

        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Equal("m-S3", parsed.Value.Id);
        Assert.Equal(info.Describe(), parsed.Value.Info.Describe());
    }
}
