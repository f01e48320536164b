using System.Text;
using System.Text.Json;
using Drydock.Protocol.Scheduler;

namespace Drydock.Protocol.Tests.Scheduler;

/// <summary>An id whose bytes are not UTF-8 parses as JSON and fails only when decoded: refused, never thrown (found by the fuzz tests).</summary>
public sealed class SchedulerCallIdsUtf8Tests
{
    [Theory]
    [InlineData("SHUTDOWN", "shutdown", "agent_id", "\"executor_id\":{\"value\":\"e\"},")]
    [InlineData("MESSAGE", "message", "executor_id", "\"agent_id\":{\"value\":\"a\"},\"data\":\"aGk=\",")]
    public void Validate_IdNotUtf8_RefusedAsInvalidId(string type, string payload, string field, string rest)
    {
        var head = Encoding.UTF8.GetBytes("{\"type\":\"" + type + "\",\"framework_id\":{\"value\":\"f\"},\"" + payload + "\":{" + rest + "\"" + field + "\":{\"value\":\"ab");
        var tail = Encoding.UTF8.GetBytes("cd\"}}}");
        using var document = JsonDocument.Parse((byte[])[.. head, 0x94, 0xAF, .. tail]);
        var call = SchedulerCall.Read(document.RootElement);
        Assert.True(call.Succeeded, call.Error);

        var error = Record.Exception(() => SchedulerCallIds.Validate(document.RootElement, call.Value));
        var refusal = SchedulerCallIds.Validate(document.RootElement, call.Value);

        Assert.Null(error);
        Assert.Equal($"'{payload}.{field}' is not a valid ID: ID is not valid UTF-8", refusal);
    }
}
