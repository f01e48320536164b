using System.Text.Json;
using Drydock.Protocol.Operator;

namespace Drydock.Protocol.Tests.Operator;

/// <summary>GET_METRICS's timeout is not waited for, but a timeout that is no int64 is refused (found by the operator fuzz tests).</summary>
public sealed class GetMetricsTimeoutTests
{
    [Theory]
    [InlineData("1e400")]
    [InlineData("\"Infinity\"")]
    [InlineData("9223372036854775808")]
    [InlineData("\"x\"")]
    public void Read_TimeoutNotAnInt64_Refused(string nanoseconds)
    {
        using var document = JsonDocument.Parse("{\"type\":\"GET_METRICS\",\"get_metrics\":{\"timeout\":{\"nanoseconds\":" + nanoseconds + "}}}");

        Assert.False(OperatorCall.Read(document.RootElement).Succeeded);
    }

    [Fact]
    public void Read_TimeoutInt64_Accepted()
    {
        using var document = JsonDocument.Parse("""{"type":"GET_METRICS","get_metrics":{"timeout":{"nanoseconds":1000000000}}}""");

        var call = OperatorCall.Read(document.RootElement);

        Assert.True(call.Succeeded, call.Error);
        Assert.Null(call.Value.Validate());
    }
}
