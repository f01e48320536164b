using System.Text;
using Drydock.Protocol.Maintenance;

namespace Drydock.Protocol.Tests.Maintenance;

public sealed class MaintenanceJsonTests
{
    private static ParseResult<MaintenanceSchedule> Schedule(string json) => MaintenanceJson.ParseSchedule(Encoding.UTF8.GetBytes(json));

    private static ParseResult<IReadOnlyList<MachineId>> Machines(string json) => MaintenanceJson.ParseMachineList(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void ParseSchedule_FullWindow_ReadsEveryField()
    {
        var parsed = Schedule("""
            {"windows":[{"machine_ids":[{"hostname":"Machine1","ip":"10.0.0.1"}],
             "unavailability":{"start":{"nanoseconds":1795551078298638600},"duration":{"nanoseconds":3600000000000}}}]}
            """);

        Assert.True(parsed.Succeeded, parsed.Error);
        var window = Assert.Single(parsed.Value.Windows);
        Assert.Equal(new MachineId("Machine1", "10.0.0.1"), Assert.Single(window.MachineIds));
        Assert.Equal(1795551078298638600, window.Unavailability.Start.Nanoseconds);
        Assert.Equal(3600000000000, window.Unavailability.Duration!.Nanoseconds);
    }

    [Theory]
    [InlineData("""{"windows":[{"machine_ids":[{"ip":"1.2.3.4"}],"unavailability":{"start":{"nanoseconds":"1795551078298638600"}}}]}""", 1795551078298638600)]
    [InlineData("""{"windows":[{"machine_ids":[{"ip":"1.2.3.4"}],"unavailability":{"start":{"nanoseconds":-10}}}]}""", -10)]
    [InlineData("""{"windows":[{"machine_ids":[{"ip":"1.2.3.4"}],"unavailability":{"start":{"nanoseconds":1.9}}}]}""", 1)]
    public void ParseSchedule_IntegerForms_AreAccepted(string json, long expected)
    {
        var parsed = Schedule(json);

        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Equal(expected, parsed.Value.Windows[0].Unavailability.Start.Nanoseconds);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"windows":[]}""")]
    [InlineData("""{"windows":null}""")]
    [InlineData("""{"windows":[],"unknown":{"deep":[1,2,3]}}""")]
    public void ParseSchedule_EmptyForms_GiveEmptySchedule(string json)
    {
        var parsed = Schedule(json);

        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Empty(parsed.Value.Windows);
    }

    [Theory]
    [InlineData("""{"windows":[{"machine_ids":[{"ip":"1.2.3.4"}]}]}""", "Missing required fields: windows[0].unavailability")]
    [InlineData("""{"windows":[{"machine_ids":[],"unavailability":{}}]}""", "Missing required fields: windows[0].unavailability.start")]
    [InlineData("""{"windows":[{"unavailability":{"start":{}}},{"unavailability":null}]}""", "Missing required fields: windows[0].unavailability.start.nanoseconds, windows[1].unavailability")]
    [InlineData("""{"windows":{}}""", "Not expecting a JSON object for field 'windows'")]
    [InlineData("""{"windows":[{"machine_ids":"m1"}]}""", "Not expecting a JSON string for field 'machine_ids'")]
    [InlineData("""{"windows":[{"machine_ids":[{"hostname":5}]}]}""", "Not expecting a JSON number for field 'hostname'")]
    [InlineData("""{"windows":[{"machine_ids":[{"hostname":true}]}]}""", "Not expecting a JSON boolean for field 'hostname'")]
    [InlineData("""{"windows":[{"machine_ids":[],"unavailability":{"start":{"nanoseconds":"soon"}}}]}""", "Failed to parse 'soon' as a JSON number for field 'nanoseconds'")]
    [InlineData("""{"windows":[{"machine_ids":[],"unavailability":{"start":{"nanoseconds":1e300}}}]}""", "Value '1e300' is out of range for field 'nanoseconds'")]
    [InlineData("""[]""", "Unexpected JSON type parsed")]
    [InlineData("""{"windows":[1]}""", "Not expecting a JSON number for field 'windows'")]
    public void ParseSchedule_BadShapes_GiveMesosMessages(string json, string message)
    {
        var parsed = Schedule(json);

        Assert.False(parsed.Succeeded);
        Assert.Equal(message, parsed.Error);
    }

    [Theory]
    [InlineData("", "syntax error at line 1 near: ")]
    [InlineData("{\"windows\": [}", "syntax error at line 1 near: }")]
    [InlineData("{}\n{}", "syntax error at line 2 near: {}")]
    public void ParseSchedule_Syntax_NamesLineAndRest(string json, string message)
    {
        var parsed = Schedule(json);

        Assert.False(parsed.Succeeded);
        Assert.Equal(message, parsed.Error);
    }

    [Fact]
    public void ParseSchedule_DeepNesting_IsAnErrorNotACrash()
    {
        var json = "{\"windows\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.False(Schedule(json).Succeeded);
    }

    [Fact]
    public void ParseSchedule_InvalidUtf8_IsAnError()
    {
        var body = Encoding.UTF8.GetBytes("""{"windows":[{"machine_ids":[{"hostname":"XX"}]}]}""");
        var at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xFF;
        body[at + 1] = 0xFE;

        Assert.False(MaintenanceJson.ParseSchedule(body).Succeeded);
    }

    [Theory]
    [InlineData("""[{"hostname":"m1","ip":"10.0.0.1"},{"ip":"10.0.0.2"}]""", 2)]
    [InlineData("""[]""", 0)]
    [InlineData("""[{"hostname":"m1","extra":[1]}]""", 1)]
    public void ParseMachineList_Arrays_AreRead(string json, int count)
    {
        var parsed = Machines(json);

        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Equal(count, parsed.Value.Count);
    }

    [Theory]
    [InlineData("""{"hostname":"m1"}""", "Unexpected JSON type parsed")]
    [InlineData("""["m1"]""", "Expecting a JSON object")]
    [InlineData("""[{"ip":["10.0.0.1"]}]""", "Not expecting a JSON array for field 'ip'")]
    public void ParseMachineList_BadShapes_GiveMesosMessages(string json, string message)
    {
        var parsed = Machines(json);

        Assert.False(parsed.Succeeded);
        Assert.Equal(message, parsed.Error);
    }

    [Fact]
    public void Serialize_EmptySchedule_IsEmptyObject() =>
        Assert.Equal("{}", MesosJson.Serialize(MaintenanceSchedule.Empty));

    [Fact]
    public void Serialize_ScheduleRoundTrip_IsExact()
    {
        const string json = """{"windows":[{"machine_ids":[{"hostname":"Machine1","ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"unavailability":{"start":{"nanoseconds":1795551078298638600},"duration":{"nanoseconds":3600000000000}}}]}""";

        var parsed = Schedule(json);

        Assert.Equal(json, MesosJson.Serialize(parsed.Value));
    }

    [Fact]
    public void Serialize_StatusWithoutAnswers_OmitsEmptyStatuses()
    {
        var status = new ClusterStatus([new DrainingMachine(new MachineId("m1", "10.0.0.1"), [])], []);

        Assert.Equal("""{"draining_machines":[{"id":{"hostname":"m1","ip":"10.0.0.1"}}]}""", MesosJson.Serialize(status));
        Assert.Equal("{}", MesosJson.Serialize(ClusterStatus.Empty));
    }
}
