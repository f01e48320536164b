using System.Text.Json;
using Drydock.Protocol.Scheduler;

namespace Drydock.Protocol.Tests.Scheduler;

/// <summary>The scheduler call's shape and validation, with Mesos's texts (found by the scheduler API fuzz tests).</summary>
public sealed class SchedulerCallTests
{
    private const string Framework = "\"framework_id\":{\"value\":\"f1\"}";

    private static ParseResult<SchedulerCall> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SchedulerCall.Read(document.RootElement);
    }

    [Theory]
    [InlineData("KILL", "kill")]
    [InlineData("ACCEPT", "accept")]
    [InlineData("DECLINE", "decline")]
    [InlineData("ACKNOWLEDGE", "acknowledge")]
    [InlineData("RECONCILE", "reconcile")]
    [InlineData("SHUTDOWN", "shutdown")]
    [InlineData("MESSAGE", "message")]
    [InlineData("REQUEST", "request")]
    [InlineData("ACCEPT_INVERSE_OFFERS", "accept_inverse_offers")]
    [InlineData("DECLINE_INVERSE_OFFERS", "decline_inverse_offers")]
    [InlineData("ACKNOWLEDGE_OPERATION_STATUS", "acknowledge_operation_status")]
    public void Validate_PayloadMissing_ExpectingItToBePresent(string type, string payload)
    {
        var call = Read("{\"type\":\"" + type + "\"," + Framework + "}");

        Assert.True(call.Succeeded, call.Error);
        Assert.Equal($"Expecting '{payload}' to be present", call.Value.Validate());
    }

    [Theory]
    [InlineData("REVIVE")]
    [InlineData("SUPPRESS")]
    [InlineData("TEARDOWN")]
    public void Validate_CallWithoutPayload_Valid(string type)
    {
        var call = Read("{\"type\":\"" + type + "\"," + Framework + "}");

        Assert.True(call.Succeeded, call.Error);
        Assert.Null(call.Value.Validate());
    }

    [Theory]
    [InlineData("{\"type\":\"KILL\"," + Framework + ",\"kill\":{}}", "Missing required fields: kill.task_id")]
    [InlineData("{\"type\":\"KILL\"," + Framework + ",\"kill\":{\"task_id\":{}}}", "Missing required fields: kill.task_id.value")]
    [InlineData("{\"type\":\"ACKNOWLEDGE\"," + Framework + ",\"acknowledge\":{\"task_id\":{\"value\":\"t\"},\"uuid\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}}", "Missing required fields: acknowledge.agent_id")]
    [InlineData("{\"type\":\"ACKNOWLEDGE\"," + Framework + ",\"acknowledge\":{\"agent_id\":{\"value\":\"a\"},\"task_id\":{\"value\":\"t\"}}}", "Missing required fields: acknowledge.uuid")]
    [InlineData("{\"type\":\"REVIVE\",\"framework_id\":{}}", "Missing required fields: framework_id.value")]
    public void Read_RequiredFieldMissing_MesosConversionError(string json, string error)
    {
        var call = Read(json);

        Assert.False(call.Succeeded);
        Assert.Equal(error, call.Error);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"AAAA\"")]
    [InlineData("\"not base64!\"")]
    public void Validate_AcknowledgeUuidNotSixteenBytes_NotAValidUuid(string uuid)
    {
        var call = Read("{\"type\":\"ACKNOWLEDGE\"," + Framework + ",\"acknowledge\":{\"agent_id\":{\"value\":\"a\"},\"task_id\":{\"value\":\"t\"},\"uuid\":" + uuid + "}}");

        Assert.True(call.Succeeded, call.Error);
        Assert.Equal("Not a valid UUID", call.Value.Validate());
    }

    [Fact]
    public void Validate_AcknowledgeWithAgentsUuid_Valid()
    {
        var uuid = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var call = Read("{\"type\":\"ACKNOWLEDGE\"," + Framework + ",\"acknowledge\":{\"agent_id\":{\"value\":\"a\"},\"task_id\":{\"value\":\"t\"},\"uuid\":\"" + uuid + "\"}}");

        Assert.True(call.Succeeded, call.Error);
        Assert.Null(call.Value.Validate());
        Assert.Equal(("t", "a", uuid), (call.Value.TaskId, call.Value.AgentId, call.Value.Uuid));
    }
}
