using System.Text;
using Drydock.Client.Scheduler;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Operator;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Tests.Scheduler;

/// <summary>Events as the master writes them (the Protocol writers it uses), read back typed.</summary>
public sealed class SchedulerEventsTests
{
    private static SchedulerStreamEvent Parse(byte[] json)
    {
        var parsed = SchedulerEvents.Parse(json);
        Assert.True(parsed.Succeeded, parsed.Error);
        return parsed.Value;
    }

    private static SchedulerStreamEvent Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_Offers_ScalarsRangesSetsRolesAttributesAndUnavailability()
    {
        var unavailability = new Unavailability(new TimeInfo(1_700_000_000_000_000_000), new DurationInfo(3_600_000_000_000));
        var offer = new OfferMessage(
            "o1", "f1", "a1", "agent-1", "127.0.0.5", 5051,
            [
                new Resource("cpus", Value.OfScalar(1.5)),
                new Resource("mem", Value.OfScalar(512), "web"),
                new Resource("ports", Value.OfRanges([new ValueRange(31000, 31005), new ValueRange(31010, 31010)])),
                new Resource("disks", Value.OfSet(["ssd", "hdd"])),
            ],
            [new Drydock.Protocol.Resources.Attribute("rack", Value.OfText("r1")), new Drydock.Protocol.Resources.Attribute("level", Value.OfScalar(3))],
            "web",
            unavailability);

        var offers = Assert.IsType<OffersReceived>(Parse(OfferEventJson.Offers([offer])));

        var read = Assert.Single(offers.Offers);
        Assert.Equal(("o1", "f1", "a1", "agent-1", "127.0.0.5", 5051, "web"), (read.Id, read.FrameworkId, read.AgentId, read.Hostname, read.AgentIp, read.AgentPort, read.Role));
        Assert.Equal(1.5, read.Resources[0].Value.Scalar);
        Assert.Equal(("mem", "web", true), (read.Resources[1].Name, read.Resources[1].Role, read.Resources[1].IsReserved));
        Assert.Equal([new ValueRange(31000, 31005), new ValueRange(31010, 31010)], read.Resources[2].Value.Ranges);
        Assert.Equal(["ssd", "hdd"], read.Resources[3].Value.Set);
        Assert.Equal("r1", read.Attributes[0].Value.Text);
        Assert.Equal(3, read.Attributes[1].Value.Scalar);
        Assert.Equal(unavailability, read.Unavailability);
    }

    [Fact]
    public void Parse_InverseOffersAndRescinds_IdsAgentAndUnavailability()
    {
        var unavailability = new Unavailability(new TimeInfo(42_000_000_000));
        var inverse = new InverseOfferMessage("io1", "f1", "a7", "agent-7", "127.0.0.7", 5051, unavailability);

        var inverses = Assert.IsType<InverseOffersReceived>(Parse(OfferEventJson.InverseOffers([inverse])));
        var rescind = Assert.IsType<OfferRescinded>(Parse(OfferEventJson.Rescind("o9")));
        var rescindInverse = Assert.IsType<InverseOfferRescinded>(Parse(OfferEventJson.RescindInverseOffer("io9")));

        Assert.Equal(inverse, Assert.Single(inverses.InverseOffers));
        Assert.Equal("o9", rescind.OfferId);
        Assert.Equal("io9", rescindInverse.InverseOfferId);
    }

    [Fact]
    public void Parse_Update_EveryStatusField()
    {
        var status = new TaskStatusMessage("t1", "TASK_UNREACHABLE", "SOURCE_MASTER", "a1", 1_700_000_000.25, "AAECAwQFBgcICQoLDA0ODw==", "gone away", "REASON_AGENT_DISCONNECTED")
        {
            UnreachableTimeNanoseconds = 1_700_000_000_000_000_000,
            Healthy = false,
            Labels = [new Label("k", "v"), new Label("flag", null)],
        };

        var update = Assert.IsType<StatusUpdate>(Parse(TaskStatusJson.Update(status)));

        Assert.Equal(status with { ContainerStatus = null }, update.Status with { ContainerStatus = null, Labels = status.Labels });
        Assert.Equal(status.Labels, update.Status.Labels);
        Assert.True(update.NeedsAcknowledgement);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250), update.Timestamp);
    }

    [Fact]
    public void Parse_SubscribedErrorHeartbeat_AsTheMasterWritesThem()
    {
        var master = new MasterInfoMessage("m1", 16777343, 5050, "master@127.0.0.1:5050", "localhost", "1.11.0", new AddressMessage("localhost", "127.0.0.1", 5050));
        var subscribed = new SchedulerEvent("SUBSCRIBED") { Subscribed = new SubscribedEvent(new IdValue("f1"), 15, master) };

        var read = Assert.IsType<Subscribed>(Parse(MesosJson.SerializeToUtf8(subscribed)));
        var error = Assert.IsType<MasterError>(Parse(MesosJson.SerializeToUtf8(new SchedulerEvent("ERROR") { Error = new ErrorEvent("Framework has been removed") })));
        Assert.IsType<HeartbeatReceived>(Parse(MesosJson.SerializeToUtf8(SchedulerEvent.Heartbeat)));

        Assert.Equal(new Subscribed("f1", TimeSpan.FromSeconds(15), "m1"), read);
        Assert.Equal("Framework has been removed", error.Message);
    }

    [Fact]
    public void Parse_MessageAndFailures_DataDecodedAndIdsRead()
    {
        var message = Assert.IsType<FrameworkMessageReceived>(Parse(
            "{\"type\":\"MESSAGE\",\"message\":{\"agent_id\":{\"value\":\"a1\"},\"executor_id\":{\"value\":\"e1\"},\"data\":\"aGVsbG8=\"}}"));
        var agentLost = Assert.IsType<FailureReceived>(Parse(TaskStatusJson.AgentLost("a2")));
        var executor = Assert.IsType<FailureReceived>(Parse(
            "{\"type\":\"FAILURE\",\"failure\":{\"agent_id\":{\"value\":\"a3\"},\"executor_id\":{\"value\":\"e3\"},\"status\":9}}"));

        Assert.Equal(("a1", "e1", "hello"), (message.AgentId, message.ExecutorId, Encoding.UTF8.GetString(message.Data.Span)));
        Assert.Equal(new FailureReceived("a2", null, null), agentLost);
        Assert.Equal(new FailureReceived("a3", "e3", 9), executor);
    }

    [Fact]
    public void Parse_UnknownType_KeptAsJson()
    {
        var unknown = Assert.IsType<UnknownEvent>(Parse("{\"type\":\"UPDATE_OPERATION_STATUS\",\"update_operation_status\":{}}"));

        Assert.Equal("UPDATE_OPERATION_STATUS", unknown.Type);
        Assert.Contains("update_operation_status", unknown.Json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{\"type\":\"OFFERS\"}")]
    [InlineData("{\"type\":\"OFFERS\",\"offers\":{\"offers\":[{\"id\":{\"value\":\"o\"}}]}}")]
    [InlineData("{\"type\":\"RESCIND\",\"rescind\":{}}")]
    [InlineData("{\"type\":\"UPDATE\",\"update\":{}}")]
    [InlineData("{\"type\":\"MESSAGE\",\"message\":{\"data\":\"***\"}}")]
    [InlineData("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"heartbeat_interval_seconds\":15}}")]
    public void Parse_Malformed_FailsWithReason(string json)
    {
        var parsed = SchedulerEvents.Parse(Encoding.UTF8.GetBytes(json));

        Assert.False(parsed.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }
}
