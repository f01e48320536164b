using System.Text.Json;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Scheduler;

namespace Drydock.Protocol.Tests.Json;

/// <summary>No non-finite double gets past the JSON boundary, whichever field and whichever spelling carries it.</summary>
public sealed class ProtoObjectNumberTests
{
    private const string CpusPath = "accept.operations[0].launch.task_infos[0].resources[0].scalar.value";

    public static TheoryData<string, string> BadDoubles => new()
    {
        // (the JSON value, how the error quotes it)
        { "-1e400", "-1e400" },
        { "1e400", "1e400" },
        { "1.7976931348623159e308", "1.7976931348623159e308" },
        { "\"-Infinity\"", "-Infinity" },
        { "\"Infinity\"", "Infinity" },
        { "\"NaN\"", "NaN" },
        { "\"1e400\"", "1e400" },
        { "\"-1e999\"", "-1e999" },
    };

    [Theory]
    [MemberData(nameof(BadDoubles))]
    public void Read_NonFiniteTaskCpus_RefusedNamingTheWholePath(string json, string quoted)
    {
        var read = SchedulerCall.Read(Parse(Accept(json)));

        Assert.False(read.Succeeded);
        Assert.Equal($"Value '{quoted}' is not a finite number for field '{CpusPath}'", read.Error);
    }

    [Theory]
    [MemberData(nameof(BadDoubles))]
    public void Read_NonFiniteFailoverTimeout_Refused(string json, string quoted)
    {
        var read = SchedulerCall.Read(Parse("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n","failover_timeout":""" + json + "}}}"));

        Assert.False(read.Succeeded);
        Assert.Equal($"Value '{quoted}' is not a finite number for field 'subscribe.framework_info.failover_timeout'", read.Error);
    }

    [Theory]
    [MemberData(nameof(BadDoubles))]
    public void Read_NonFiniteRefuseSeconds_Refused(string json, string quoted)
    {
        var read = SchedulerCall.Read(Parse("""{"type":"DECLINE","framework_id":{"value":"f"},"decline":{"offer_ids":[],"filters":{"refuse_seconds":""" + json + "}}}"));

        Assert.False(read.Succeeded);
        Assert.Equal($"Value '{quoted}' is not a finite number for field 'decline.filters.refuse_seconds'", read.Error);
    }

    [Theory]
    [MemberData(nameof(BadDoubles))]
    public void Parse_NonFiniteStatusTimestamp_Refused(string json, string quoted)
    {
        var parsed = TaskStatusJson.Parse(System.Text.Encoding.UTF8.GetBytes("""{"task_id":{"value":"t"},"state":"TASK_RUNNING","timestamp":""" + json + "}"));

        Assert.False(parsed.Succeeded);
        Assert.Equal($"Value '{quoted}' is not a finite number for field 'timestamp'", parsed.Error);
    }

    [Theory]
    [MemberData(nameof(BadDoubles))]
    public void Parse_NonFiniteAgentResource_Refused(string json, string quoted)
    {
        var parsed = AgentInfoJson.Parse(System.Text.Encoding.UTF8.GetBytes("""{"hostname":"h","resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":""" + json + "}}]}"));

        Assert.False(parsed.Succeeded);
        Assert.Equal($"Value '{quoted}' is not a finite number for field 'resources[0].scalar.value'", parsed.Error);
    }

    [Theory]
    [InlineData("4294967376")]
    [InlineData("-2147483649")]
    public void Parse_PortBeyondInt32_RefusedNotTruncated(string port)
    {
        var parsed = AgentInfoJson.Parse(System.Text.Encoding.UTF8.GetBytes("""{"hostname":"h","port":""" + port + "}"));

        Assert.False(parsed.Succeeded);
        Assert.Equal($"Value '{port}' is out of range for field 'port'", parsed.Error);
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("\"2.25\"", 2.25)]
    [InlineData("1e11", 1e11)]
    [InlineData("1e300", 0)]
    [InlineData("-0", 0)]
    public void Read_FiniteCpus_Read(string json, double expected)
    {
        var read = SchedulerCall.Read(Parse(Accept(json)));

        Assert.True(read.Succeeded, read.Error);
        var cpus = Assert.Single(Assert.Single(read.Value.Launches).Resources);
        Assert.Equal(expected, cpus.Value.Scalar);
    }

    [Fact]
    public void ReadRecovered_NonFiniteCpus_ReadAsAnInvalidResourceThatHoldsNothing()
    {
        var task = Parse("""{"name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":"-Infinity"}},{"name":"mem","type":"SCALAR","scalar":{"value":32}}]}""");

        Assert.False(TaskInfoMessage.Read(task).Succeeded);
        var recovered = TaskInfoMessage.ReadRecovered(task);

        Assert.True(recovered.Succeeded, recovered.Error);
        var cpus = recovered.Value.Resources[0];
        Assert.Equal(0, cpus.Value.Scalar);
        Assert.Equal(new Drydock.Protocol.Resources.ResourceDefect("Invalid scalar resource: value is not finite", "-inf"), cpus.Defect);
        Assert.Null(recovered.Value.Resources[1].Defect);
    }

    private static string Accept(string cpus) =>
        """{"type":"ACCEPT","framework_id":{"value":"f"},"accept":{"offer_ids":[{"value":"o"}],"operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":"""
        + cpus + "}}]}]}}]}}";

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
