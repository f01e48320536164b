using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.Bodies;

namespace Drydock.IntegrationTests;

/// <summary>
/// <c>POST /api/v1</c> (spec 2.6): the read calls, the maintenance calls with the same validation texts as v0,
/// and the checks of method, Content-Type, Accept, body and call shape. Reads and refused calls share one master
/// whose schedule holds M2 (DRAINING); calls that change state start their own master.
/// </summary>
public sealed class OperatorApiTests(DrainingMasterFixture fixture) : IClassFixture<DrainingMasterFixture>
{
    private const string Api = "api/v1";
    private const string Invalid = "Failed to validate master::Call: ";
    private const string NotConvertible = "Failed to convert JSON into Call protobuf: ";

    public static TheoryData<string, string> RefusedMaintenanceCalls => new()
    {
        // The v0 validation texts, unchanged (scenarios 2, 4, 5, 6, 7).
        { V1Update(Schedule(Window())), "List of machines in the maintenance window is empty" },
        { V1Update(Schedule(Window([M1], Start, -10_000_000_000))), "Unavailability 'duration' is negative" },
        { V1Update(Schedule(Window(M1), Window(M1))), AppearsTwice(M1) },
        { V1Update(ScheduleOf("""{"hostname":"MACHINE1"}""", """{"hostname":"machine1"}""")), AppearsTwice("""{"hostname":"machine1"}""") },
        { V1Update(ScheduleOf("{}")), "Both 'hostname' and 'ip' for a machine are empty" },
        { V1Update(ScheduleOf("""{"ip":"10.0.0"}""")), "Failed to parse IPv4: 10.0.0" },

        // Scenarios 15, 16 and 22 as START_MAINTENANCE / STOP_MAINTENANCE.
        { V1Start(), "List of machines is empty" },
        { """{"type":"START_MAINTENANCE","start_maintenance":{}}""", "List of machines is empty" },
        { V1Start("{}"), "Both 'hostname' and 'ip' for a machine are empty" },
        { V1Start(M2, M2), AppearsTwice(M2) },
        { V1Start(M1, M2), NotScheduled(M1) },
        { V1Start(M2, M1), NotScheduled(M1) },
        { V1Stop(), "List of machines is empty" },
        { V1Stop(M1), NotScheduled(M1) },
        { V1Stop(M2), NotDown(M2) },

        // Required fields are found while converting the call, so they carry that prefix and the full path.
        {
            V1Update("""{"windows":[{"machine_ids":[""" + M1 + "]}]}"),
            NotConvertible + "Missing required fields: update_maintenance_schedule.schedule.windows[0].unavailability"
        },
        {
            """{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{}}""",
            NotConvertible + "Missing required fields: update_maintenance_schedule.schedule"
        },
    };

    public static TheoryData<string, string> MalformedCalls => new()
    {
        { "{}", Invalid + "Expecting 'type' to be present" },
        { """{"get_health":{}}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":null}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":"FOO"}""", Invalid + "Expecting 'type' to be present" },

        // Only an enum value's exact name sets it (protobuf's FindValueByName); anything else leaves 'type' unset.
        { """{"type":"get_health"}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":" GET_HEALTH"}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":"GET_HEALTH "}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":"1"}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":" 1"}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":"+1"}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":" 12 "}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":"GET_HEALTH, GET_FLAGS"}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":"GET_HEALTH,GET_FLAGS"}""", Invalid + "Expecting 'type' to be present" },
        { """{"type":"UPDATE_MAINTENANCE_SCHEDULE"}""", Invalid + "Expecting 'update_maintenance_schedule' to be present" },
        { """{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":null}""", Invalid + "Expecting 'update_maintenance_schedule' to be present" },
        { """{"type":"START_MAINTENANCE"}""", Invalid + "Expecting 'start_maintenance' to be present" },
        { """{"type":"STOP_MAINTENANCE"}""", Invalid + "Expecting 'stop_maintenance' to be present" },
        { "[]", NotConvertible + "Expecting a JSON object" },
        { "\"GET_HEALTH\"", NotConvertible + "Expecting a JSON object" },
        { """{"type":5}""", NotConvertible + "Not expecting a JSON number for field 'type'" },
        { """{"type":"START_MAINTENANCE","start_maintenance":{"machines":"Machine1"}}""", NotConvertible + "Not expecting a JSON string for field 'machines'" },
    };

    [Fact]
    public async Task GetHealth_Call_ReturnsHealthy()
    {
        var reply = await fixture.Session.CallAsync(V1("GET_HEALTH"));

        Assert.Equal("""{"type":"GET_HEALTH","get_health":{"healthy":true}}""", Replies.AssertJson(reply));
    }

    [Fact]
    public async Task GetVersion_Call_ReturnsVersionInfoMatchingVersionEndpoint()
    {
        var reply = JsonNode.Parse(Replies.AssertJson(await fixture.Session.CallAsync(V1("GET_VERSION"))))!;
        var v0 = JsonNode.Parse(Replies.AssertJson(await fixture.Session.GetAsync("version")))!;

        Assert.Equal("GET_VERSION", (string?)reply["type"]);
        var version = (string?)reply["get_version"]?["version_info"]?["version"];
        Assert.False(string.IsNullOrEmpty(version), reply.ToJsonString());
        Assert.Equal((string?)v0["version"], version);
    }

    [Fact]
    public async Task GetFlags_Call_ReturnsArrayOfNameValueStrings()
    {
        var reply = JsonNode.Parse(Replies.AssertJson(await fixture.Session.CallAsync(V1("GET_FLAGS"))))!;

        Assert.Equal("GET_FLAGS", (string?)reply["type"]);
        var flags = reply["get_flags"]?["flags"]?.AsArray();
        Assert.NotNull(flags);
        Assert.NotEmpty(flags);
        Assert.All(flags, flag =>
        {
            Assert.Equal(["name", "value"], flag!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.False(string.IsNullOrEmpty(flag["name"]!.GetValue<string>()));
            Assert.NotNull(flag["value"]!.GetValue<string>());
        });
        Assert.Contains(flags, flag => (string?)flag!["name"] == "work_dir" && (string?)flag["value"] == fixture.Session.Process.WorkDir);
    }

    [Fact]
    public async Task GetMaintenanceScheduleAndStatus_Calls_WrapTheV0Bodies()
    {
        var master = fixture.Session;

        var schedule = Replies.AssertJson(await master.CallAsync(V1("GET_MAINTENANCE_SCHEDULE")));
        var status = Replies.AssertJson(await master.CallAsync(V1("GET_MAINTENANCE_STATUS")));

        Assert.Equal("""{"type":"GET_MAINTENANCE_SCHEDULE","get_maintenance_schedule":{"schedule":""" + fixture.Baseline.Schedule + "}}", schedule);
        Assert.Equal("""{"type":"GET_MAINTENANCE_STATUS","get_maintenance_status":{"status":""" + fixture.Baseline.Status + "}}", status);
    }

    [Fact]
    public async Task GetMaintenanceScheduleAndStatus_EmptyMaster_ReturnEmptyObjects()
    {
        await using var master = await MasterSession.StartAsync();

        Assert.Equal(
            """{"type":"GET_MAINTENANCE_SCHEDULE","get_maintenance_schedule":{"schedule":{}}}""",
            Replies.AssertJson(await master.CallAsync(V1("GET_MAINTENANCE_SCHEDULE"))));
        Assert.Equal(
            """{"type":"GET_MAINTENANCE_STATUS","get_maintenance_status":{"status":{}}}""",
            Replies.AssertJson(await master.CallAsync(V1("GET_MAINTENANCE_STATUS"))));
    }

    [Fact]
    public async Task MaintenanceCalls_UpdateStartStop_Return200EmptyAndChangeStateAsV0()
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.CallAsync(V1Update(Schedule(Window(M1, M2), Window(M3)))));
        Assert.Equal(Schedule(Window(M1, M2), Window(M3)), await master.ScheduleAsync());

        Replies.AssertOk(await master.CallAsync(V1Start(M1, M3)));
        Assert.Equal(StatusView.Of([M2], [M1, M3]), StatusView.Parse(await master.StatusAsync()));

        Replies.AssertOk(await master.CallAsync(V1Stop(M3)));
        Assert.Equal(Schedule(Window(M1, M2)), await master.ScheduleAsync());
        Assert.Equal(StatusView.Of([M2], [M1]), StatusView.Parse(await master.StatusAsync()));

        var snapshot = await master.SnapshotAsync();
        Assert.Equal(
            """{"type":"GET_MAINTENANCE_SCHEDULE","get_maintenance_schedule":{"schedule":""" + snapshot.Schedule + "}}",
            Replies.AssertJson(await master.CallAsync(V1("GET_MAINTENANCE_SCHEDULE"))));
        Assert.Equal(
            """{"type":"GET_MAINTENANCE_STATUS","get_maintenance_status":{"status":""" + snapshot.Status + "}}",
            Replies.AssertJson(await master.CallAsync(V1("GET_MAINTENANCE_STATUS"))));
    }

    [Fact]
    public async Task UpdateMaintenanceSchedule_DroppingDownMachine_Returns400UntilStopMaintenance()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.CallAsync(V1Update(ScheduleOf(M1, M2))));
        Replies.AssertOk(await master.CallAsync(V1Start(M1)));

        Replies.AssertBadRequest(await master.CallAsync(V1Update(ScheduleOf(M2))), CannotRemoveDown(M1));
        Replies.AssertBadRequest(await master.CallAsync(V1Start(M1)), NotDraining(M1));

        Replies.AssertOk(await master.CallAsync(V1Stop(M1)));
        Replies.AssertOk(await master.CallAsync(V1Update(ScheduleOf(M2))));
        Assert.Equal(ScheduleOf(M2), await master.ScheduleAsync());
    }

    [Fact]
    public async Task UpdateMaintenanceSchedule_EmptySchedule_ClearsScheduleAndStatus()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.CallAsync(V1Update(ScheduleOf(M1, M2))));

        Replies.AssertOk(await master.CallAsync(V1Update("{}")));

        Assert.Equal(new MaintenanceSnapshot("{}", "{}"), await master.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(RefusedMaintenanceCalls))]
    public async Task MaintenanceCalls_InvalidRequest_Return400WithV0TextAndChangeNothing(string call, string error)
    {
        Replies.AssertBadRequest(await fixture.Session.CallAsync(call), error);

        Assert.Equal(fixture.Baseline, await fixture.Session.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(MalformedCalls))]
    public async Task Call_MalformedCall_Returns400WithMesosText(string call, string error)
    {
        Replies.AssertBadRequest(await fixture.Session.CallAsync(call), error);

        Assert.Equal(fixture.Baseline, await fixture.Session.SnapshotAsync());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"type":}""")]
    [InlineData("""{"type":"GET_HEALTH"} {}""")]
    [InlineData("GET_HEALTH")]
    [InlineData("")]
    public async Task Call_InvalidJson_Returns400FailedToParse(string body)
    {
        var reply = await fixture.Session.CallAsync(body);

        Assert.Equal(400, reply.Status);
        Assert.StartsWith("Failed to parse body into JSON: ", reply.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Call_MethodOtherThanPost_Returns405AllowingPost(string method)
    {
        var reply = await fixture.Session.SendAsync(new HttpMethod(method), Api, null);

        Replies.AssertError(reply, 405, $"405 Method Not Allowed. Expecting one of {{ 'POST' }}, but received '{method}'.");
        Assert.Equal(new HashSet<string> { "POST" }, reply.Allow);
    }

    [Fact]
    public async Task Call_NoContentType_Returns400()
    {
        var reply = await fixture.Session.PostAsync(Api, V1("GET_HEALTH"), contentType: null);

        Replies.AssertBadRequest(reply, "Expecting 'Content-Type' to be present");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Call_UnsupportedContentType_Returns415(string contentType)
    {
        var reply = await fixture.Session.PostAsync(Api, V1("GET_HEALTH"), contentType);

        Assert.Equal(415, reply.Status);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task Call_JsonContentTypeWithParameterOrCase_IsServed(string contentType)
    {
        var reply = await fixture.Session.PostAsync(Api, V1("GET_HEALTH"), contentType);

        Assert.Equal("""{"type":"GET_HEALTH","get_health":{"healthy":true}}""", Replies.AssertJson(reply));
    }

    [Fact]
    public async Task Call_AcceptOnlyHtml_Returns406()
    {
        var reply = await fixture.Session.PostAsync(Api, V1("GET_HEALTH"), MasterSession.Json, ("Accept", "text/html"));

        Assert.Equal(406, reply.Status);
    }

    [Fact]
    public async Task Call_UnknownType_Returns501()
    {
        var reply = await fixture.Session.CallAsync(V1("UNKNOWN"));

        Assert.Equal(501, reply.Status);
    }

    [Theory]
    [InlineData("api/v1?_ts=123")]
    [InlineData("api/v1?_ts=1795551078298&foo=bar")]
    [InlineData("/master/api/v1?_ts=123")]
    public async Task Call_UnknownQueryParameters_AreIgnored(string path)
    {
        var reply = await fixture.Session.PostAsync(path, V1("GET_HEALTH"));

        Assert.Equal("""{"type":"GET_HEALTH","get_health":{"healthy":true}}""", Replies.AssertJson(reply));
    }
}
