using System.Text.Json;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Protocol.Tests.Resources;

/// <summary>Mesos's <c>Resources::validate</c> and its composed texts, with Drydock's bound on scalars.</summary>
public sealed class ResourceValidatorTests
{
    [Theory]
    [InlineData("""{"name":"cpus","type":"SCALAR","scalar":{"value":-3}}""", "Resource 'cpus(allocated: *):-3' is invalid: Invalid scalar resource: value <= 0")]
    [InlineData("""{"name":"cpus","type":"SCALAR","scalar":{"value":-0.0001}}""", "Resource 'cpus(allocated: *):-0.0001' is invalid: Invalid scalar resource: value <= 0")]
    [InlineData("""{"name":"cpus","type":"SCALAR","scalar":{"value":0.0004}}""", "Resource 'cpus(allocated: *):0.0004' is invalid: Invalid scalar resource: value <= 0")]
    [InlineData("""{"name":"mem","type":"SCALAR","scalar":{"value":1e13}}""", "Resource 'mem(allocated: *):10000000000000' is invalid: Invalid scalar resource: value > 1000000000000")]
    [InlineData("""{"name":"mem","type":"SCALAR","scalar":{"value":1e306}}""", "Resource 'mem(allocated: *):1e+306' is invalid: Invalid scalar resource: value > 1000000000000")]
    [InlineData("""{"name":"cpus","type":"SCALAR","scalar":{"value":-2},"role":"web"}""", "Resource 'cpus(allocated: *)(reservations: [(STATIC,web)]):-2' is invalid: Invalid scalar resource: value <= 0")]
    [InlineData("""{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":32000,"end":31000}]}}""", "Resource 'ports(allocated: *):[32000-31000]' is invalid: Invalid ranges resource: begin > end")]
    [InlineData("""{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":31010},{"begin":31005,"end":31020}]}}""", "Resource 'ports(allocated: *):[31000-31010, 31005-31020]' is invalid: Invalid ranges resource: overlapping ranges")]
    [InlineData("""{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31005,"end":31020},{"begin":31000,"end":31010}]}}""", "Resource 'ports(allocated: *):[31005-31020, 31000-31010]' is invalid: Invalid ranges resource: overlapping ranges")]
    [InlineData("""{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":-5,"end":10}]}}""", "Resource 'ports(allocated: *):[-5-10]' is invalid: Invalid ranges resource: negative bound")]
    [InlineData("""{"name":"bugs","type":"SET","set":{"item":["a","a"]}}""", "Resource 'bugs(allocated: *):{a, a}' is invalid: Invalid set resource: duplicated elements")]
    [InlineData("""{"name":"os","type":"TEXT","text":{"value":"linux"}}""", "Resource 'os(allocated: *):linux' is invalid: Unsupported resource type")]
    [InlineData("""{"name":"","type":"SCALAR","scalar":{"value":1}}""", "Resource '(allocated: *):1' is invalid: Empty resource name")]
    public void Validate_InvalidResource_MesosText(string resource, string expected)
    {
        var error = ResourceValidator.Validate(Read(resource), "*");

        Assert.Equal("Invalid resources: " + expected, error);
    }

    [Theory]
    [InlineData("""{"name":"cpus","type":"SCALAR","scalar":{"value":0}}""")]
    [InlineData("""{"name":"cpus","type":"SCALAR","scalar":{"value":0.001}}""")]
    [InlineData("""{"name":"mem","type":"SCALAR","scalar":{"value":1e12}}""")]
    [InlineData("""{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":31000},{"begin":31001,"end":31005}]}}""")]
    [InlineData("""{"name":"gpus","type":"SCALAR","scalar":{"value":2}}""")]
    public void Validate_ValidResource_Null(string resource) => Assert.Null(ResourceValidator.Validate(Read(resource), "*"));

    [Fact]
    public void Validate_FractionalGpus_MesosText() =>
        Assert.Equal(
            "Invalid 'gpus' resource: The 'gpus' resource must be an unsigned integer",
            ResourceValidator.Validate(Read("""{"name":"gpus","type":"SCALAR","scalar":{"value":1.5}}""")));

    [Theory]
    [InlineData("""{"name":"cpus","type":"SCALAR","scalar":{"value":-3}}""")]
    [InlineData("""{"name":"mem","type":"SCALAR","scalar":{"value":1e306}}""")]
    [InlineData("""{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":5,"end":1}]}}""")]
    public void Read_InvalidResource_HoldsNothing(string resource)
    {
        var read = Assert.Single(Read(resource));

        Assert.NotNull(read.Defect);
        Assert.Empty(ResourceMath.Subtract([read], []));
    }

    [Theory]
    [InlineData(1e306)]
    [InlineData(-1e306)]
    [InlineData(double.MaxValue)]
    public void RoundScalar_HugeFiniteValue_StaysFinite(double value) => Assert.Equal(value, Value.RoundScalar(value));

    [Theory]
    [InlineData("cpus:0.0004", "Invalid scalar resource: value <= 0")]
    [InlineData("mem:2e12", "Invalid scalar resource: value > 1000000000000")]
    [InlineData("""[{"name":"cpus","type":"SCALAR","scalar":{"value":-1}}]""", "Invalid scalar resource: value <= 0")]
    [InlineData("""[{"name":"cpus","type":"SCALAR","scalar":{"value":"Infinity"}}]""", "is not a finite number for field 'scalar.value'")]
    public void Parse_AgentFlagOutOfRange_Refused(string text, string reason)
    {
        var parsed = ResourceParser.Parse(text);

        Assert.False(parsed.Succeeded);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }

    private static IReadOnlyList<Resource> Read(string resource)
    {
        using var document = JsonDocument.Parse("""{"name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},"resources":[""" + resource + "]}");
        var task = TaskInfoMessage.Read(document.RootElement);
        Assert.True(task.Succeeded, task.Error);
        return task.Value.Resources;
    }
}
