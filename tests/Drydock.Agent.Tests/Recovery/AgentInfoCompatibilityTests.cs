using Drydock.Agent.Recovery;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;

namespace Drydock.Agent.Tests.Recovery;

public sealed class AgentInfoCompatibilityTests
{
    private static AgentInfo Info(string resources, string attributes, string hostname = "a1", int port = 5051) =>
        new(hostname, port, ResourceParser.Parse(resources).Value!, AttributeParser.Parse(attributes).Value!);

    [Theory]
    [InlineData("Equal")]
    [InlineData("Additive")]
    public void Check_Unchanged_IsCompatible(string policyName)
    {
        var policy = Enum.Parse<ReconfigurationPolicy>(policyName);
        var info = Info("cpus:4;mem:32;ports:[31000-32000]", "rack:r1;level:10");

        Assert.Empty(AgentInfoCompatibility.Check(info, Info("ports:[31000-32000];mem:32;cpus:4", "level:10;rack:r1"), policy));
    }

    [Fact]
    public void Check_EqualPolicy_AnyChangeIsIncompatible()
    {
        var old = Info("cpus:4;mem:32", "rack:r1");

        Assert.Equal(["attribute `rack`: `r1` -> `r2`"], AgentInfoCompatibility.Check(old, Info("cpus:4;mem:32", "rack:r2"), ReconfigurationPolicy.Equal));
        Assert.Equal(["resource `cpus`: `4` -> `8`"], AgentInfoCompatibility.Check(old, Info("cpus:8;mem:32", "rack:r1"), ReconfigurationPolicy.Equal));
        Assert.Equal(["hostname: `a1` -> `a2`"], AgentInfoCompatibility.Check(old, Info("cpus:4;mem:32", "rack:r1", hostname: "a2"), ReconfigurationPolicy.Equal));
        Assert.Equal(
            ["resource `gpus`: `(none)` -> `1`", "attribute `rack`: `r1` -> `(none)`", "attribute `zone`: `(none)` -> `west`"],
            AgentInfoCompatibility.Check(old, Info("cpus:4;mem:32;gpus:1", "zone:west"), ReconfigurationPolicy.Equal));
    }

    [Fact]
    public void Check_AdditivePolicy_GrowthAndNewAttributesAreCompatible()
    {
        var old = Info("cpus:4;mem:32;ports:[31000-32000]", "rack:r1;keys:[1-5]");

        var grown = Info("cpus:8;mem:128;ports:[31000-33000];gpus:1", "rack:r1;keys:[1-10];version:8");

        Assert.Empty(AgentInfoCompatibility.Check(old, grown, ReconfigurationPolicy.Additive));
    }

    [Theory]
    [InlineData("cpus:2;mem:32", "rack:r1", "resource `cpus`: `4` -> `2`")]
    [InlineData("mem:32", "rack:r1", "resource `cpus`: `4` -> `(none)`")]
    [InlineData("cpus:4;mem:32", "", "attribute `rack`: `r1` -> `(none)`")]
    [InlineData("cpus:4;mem:32", "rack:r2", "attribute `rack`: `r1` -> `r2`")]
    [InlineData("cpus:4;mem:32", "rack:7", "attribute `rack`: `r1` -> `7`")]
    public void Check_AdditivePolicy_ShrinkOrChangeIsIncompatible(string resources, string attributes, string problem)
    {
        var old = Info("cpus:4;mem:32", "rack:r1");

        Assert.Contains(problem, AgentInfoCompatibility.Check(old, Info(resources, attributes), ReconfigurationPolicy.Additive));
    }
}
