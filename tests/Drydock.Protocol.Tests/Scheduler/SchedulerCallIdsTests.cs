using System.Text.Json;
using Drydock.Protocol.Scheduler;

namespace Drydock.Protocol.Tests.Scheduler;

public sealed class SchedulerCallIdsTests
{
    [Theory]
    [InlineData("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n"}}}""")]
    [InlineData("""{"type":"SUBSCRIBE","framework_id":{"value":""},"subscribe":{"framework_info":{"user":"u","name":"n","id":{"value":""}}}}""")]
    [InlineData("""{"type":"SUBSCRIBE","framework_id":{"value":"f1"},"subscribe":{"framework_info":{"user":"u","name":"n","id":{"value":"f1"}}}}""")]
    [InlineData("""{"type":"KILL","framework_id":{"value":"f1"},"kill":{"task_id":{"value":"t1"},"agent_id":{"value":"a1"}}}""")]
    [InlineData("""{"type":"RECONCILE","framework_id":{"value":"f1"},"reconcile":{"tasks":[{"task_id":{"value":"t1"}}]}}""")]
    [InlineData("""{"type":"DECLINE","framework_id":{"value":"f1"},"decline":{"offer_ids":[{"value":"o1"},{"value":"o2"}]}}""")]
    public void Validate_ValidIds_IsNull(string json) => Assert.Null(Validate(json));

    [Theory]
    [InlineData("""{"type":"SUBSCRIBE","framework_id":{"value":"a/b"},"subscribe":{"framework_info":{"user":"u","name":"n","id":{"value":"a/b"}}}}""", "'framework_id' is not a valid ID: 'a/b' contains invalid characters")]
    [InlineData("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n","id":{"value":".."}}}}""", "'subscribe.framework_info.id' is not a valid ID: '..' is disallowed")]
    [InlineData("""{"type":"REVIVE","framework_id":{"value":"."}}""", "'framework_id' is not a valid ID: '.' is disallowed")]
    [InlineData("""{"type":"KILL","framework_id":{"value":"f1"},"kill":{"task_id":{"value":""}}}""", "'kill.task_id' is not a valid ID: ID must not be empty")]
    [InlineData("""{"type":"KILL","framework_id":{"value":"f1"},"kill":{"task_id":{"value":"t1"},"agent_id":{"value":"a\\b"}}}""", "'kill.agent_id' is not a valid ID: 'a\\b' contains invalid characters")]
    [InlineData("""{"type":"ACKNOWLEDGE","framework_id":{"value":"f1"},"acknowledge":{"task_id":{"value":"t/1"},"agent_id":{"value":"a1"},"uuid":"AAAA"}}""", "'acknowledge.task_id' is not a valid ID: 't/1' contains invalid characters")]
    [InlineData("""{"type":"RECONCILE","framework_id":{"value":"f1"},"reconcile":{"tasks":[{"task_id":{"value":""}}]}}""", "'reconcile.tasks.task_id' is not a valid ID: ID must not be empty")]
    [InlineData("""{"type":"RECONCILE","framework_id":{"value":"f1"},"reconcile":{"tasks":[{"task_id":{"value":"t1"},"agent_id":{"value":"\u0007"}}]}}""", "'reconcile.tasks.agent_id' is not a valid ID: '\u0007' contains invalid characters")]
    [InlineData("""{"type":"DECLINE","framework_id":{"value":"f1"},"decline":{"offer_ids":[{"value":"o1"},{"value":""}]}}""", "'decline.offer_ids' is not a valid ID: ID must not be empty")]
    [InlineData("""{"type":"ACCEPT","framework_id":{"value":"f1"},"accept":{"offer_ids":[{"value":"../o"}]}}""", "'accept.offer_ids' is not a valid ID: '../o' contains invalid characters")]
    [InlineData("""{"type":"ACCEPT_INVERSE_OFFERS","framework_id":{"value":"f1"},"accept_inverse_offers":{"inverse_offer_ids":[{"value":""}]}}""", "'accept_inverse_offers.inverse_offer_ids' is not a valid ID: ID must not be empty")]
    [InlineData("""{"type":"SHUTDOWN","framework_id":{"value":"f1"},"shutdown":{"executor_id":{"value":"e/1"},"agent_id":{"value":"a1"}}}""", "'shutdown.executor_id' is not a valid ID: 'e/1' contains invalid characters")]
    [InlineData("""{"type":"MESSAGE","framework_id":{"value":"f1"},"message":{"agent_id":{"value":".."},"executor_id":{"value":"e1"},"data":""}}""", "'message.agent_id' is not a valid ID: '..' is disallowed")]
    public void Validate_InvalidId_NamesTheFieldAndMesosText(string json, string expected) => Assert.Equal(expected, Validate(json));

    [Fact]
    public void Validate_LaunchTaskIds_LeftToTheLaunch()
    {
        // A LAUNCH task with an invalid id fails alone, with TASK_ERROR; the call itself is not refused.
        const string json = """{"type":"ACCEPT","framework_id":{"value":"f1"},"accept":{"offer_ids":[{"value":"o1"}],"operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"n","task_id":{"value":"a/b"},"agent_id":{"value":"a1"}}]}}]}}""";

        Assert.Null(Validate(json));
    }

    private static string? Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        var read = SchedulerCall.Read(document.RootElement);
        Assert.True(read.Succeeded, read.Error);
        return SchedulerCallIds.Validate(document.RootElement, read.Value);
    }
}
