using System.Text.Json;
using Drydock.Protocol.Operator;

namespace Drydock.Protocol.Tests.Operator;

/// <summary>The numbers of operator calls: drains' grace periods cannot wrap around, weights must be finite.</summary>
public sealed class OperatorCallNumberTests
{
    [Theory]
    [InlineData("9223372036", "854775807", 9223372036854775807L)]
    [InlineData("9223372036", "9223372036854775807", long.MaxValue)]
    [InlineData("9223372037", "0", long.MaxValue)]
    [InlineData("9223372036854775807", "9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", "-9223372036854775808", long.MinValue)]
    [InlineData("0", "-9223372036854775808", long.MinValue)]
    [InlineData("60", "5", 60_000_000_005L)]
    public void Read_DrainMaxGracePeriod_ExactOrSaturated(string seconds, string nanos, long expected)
    {
        var call = Read("""{"type":"DRAIN_AGENT","drain_agent":{"agent_id":{"value":"a"},"max_grace_period":{"seconds":""" + seconds + ",\"nanos\":" + nanos + "}}}");

        Assert.True(call.Succeeded, call.Error);
        Assert.Equal(expected, call.Value.MaxGracePeriodNanoseconds);
    }

    [Theory]
    [InlineData("1e400", "Value '1e400' is not a finite number for field 'update_weights.weight_infos[0].weight'")]
    [InlineData("\"Infinity\"", "Value 'Infinity' is not a finite number for field 'update_weights.weight_infos[0].weight'")]
    [InlineData("\"NaN\"", "Value 'NaN' is not a finite number for field 'update_weights.weight_infos[0].weight'")]
    public void Read_NonFiniteWeight_Refused(string weight, string error)
    {
        var call = Read("""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"r","weight":""" + weight + "}]}}");

        Assert.False(call.Succeeded);
        Assert.Equal(error, call.Error);
    }

    private static ParseResult<OperatorCall> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OperatorCall.Read(document.RootElement);
    }
}
