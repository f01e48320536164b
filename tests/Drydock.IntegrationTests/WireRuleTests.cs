using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.Bodies;

namespace Drydock.IntegrationTests;

/// <summary>
/// The wire rules real Mesos clients depend on (wire-compat.md 1-6, 11-13) and Mesos's 405 answers. Reads and
/// refused requests share one master whose schedule holds M2 (DRAINING); tests that change state start their own.
/// </summary>
public sealed class WireRuleTests(DrainingMasterFixture fixture) : IClassFixture<DrainingMasterFixture>
{
    private const string Health = """{"type":"GET_HEALTH","get_health":{"healthy":true}}""";

    public static TheoryData<string> Prefixes => ["", "/master", "/mesos", "/mesos/master"];

    [Theory]
    [InlineData("maintenance/schedule")]
    [InlineData("maintenance/status")]
    [InlineData("state")]
    [InlineData("state.json")]
    [InlineData("master/state")]
    [InlineData("master/state.json")]
    [InlineData("master/state-summary")]
    [InlineData("slaves")]
    [InlineData("master/slaves")]
    [InlineData("mesos/master/slaves")]
    [InlineData("version")]
    [InlineData("master/version")]
    public async Task Get_JsonEndpoint_ContentTypeIsExactlyApplicationJson(string path)
    {
        var reply = await fixture.Session.GetAsync(path);

        Assert.Equal(200, reply.Status);
        Assert.Equal("application/json", reply.ContentType);
        using var document = JsonDocument.Parse(reply.BodyBytes);
    }

    [Theory]
    [InlineData("GET_HEALTH")]
    [InlineData("GET_VERSION")]
    [InlineData("GET_FLAGS")]
    [InlineData("GET_MAINTENANCE_SCHEDULE")]
    [InlineData("GET_MAINTENANCE_STATUS")]
    public async Task Call_ReadCall_ContentTypeIsExactlyApplicationJson(string type)
    {
        var reply = await fixture.Session.CallAsync(V1(type));

        Assert.Equal(200, reply.Status);
        Assert.Equal("application/json", reply.ContentType);
        Assert.Equal(type, (string?)JsonNode.Parse(reply.Body)!["type"]);
    }

    [Fact]
    public async Task Post_SuccessfulOperatorCalls_Return200WithEmptyBodyAndNoContentType()
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.PostAsync("maintenance/schedule", ScheduleOf(M1, M2, M3)));
        Replies.AssertOk(await master.PostAsync("machine/down", List(M1)));
        Replies.AssertOk(await master.PostAsync("machine/up", List(M1)));
        Replies.AssertOk(await master.CallAsync(V1Update(ScheduleOf(M2, M3))));
        Replies.AssertOk(await master.CallAsync(V1Start(M2)));
        Replies.AssertOk(await master.CallAsync(V1Stop(M2)));

        // The same, read off the socket: no Content-Type header line at all, and Content-Length 0.
        var raw = await master.RawAsync(RawHttp.Request("POST", "/maintenance/schedule", ["Content-Length: 2"], "{}"u8.ToArray()));
        Assert.Equal(200, raw.Status);
        Assert.Null(raw.ContentType);
        Assert.Empty(raw.BodyBytes);
    }

    [Fact]
    public async Task UpdateSchedule_NanosecondsAbove2Pow53_RoundTripExactlyAsNumbers()
    {
        await using var master = await MasterSession.StartAsync();
        const string Body = """{"windows":[{"machine_ids":[{"hostname":"Machine1"}],"unavailability":{"start":{"nanoseconds":1795551078298638600},"duration":{"nanoseconds":9007199254740993}}}]}""";

        Replies.AssertOk(await master.PostAsync("maintenance/schedule", Body));

        Assert.Equal(Body, await master.ScheduleAsync());
        Assert.Equal(
            """{"type":"GET_MAINTENANCE_SCHEDULE","get_maintenance_schedule":{"schedule":""" + Body + "}}",
            Replies.AssertJson(await master.CallAsync(V1("GET_MAINTENANCE_SCHEDULE"))));
    }

    [Fact]
    public async Task UpdateSchedule_NanosecondsAsNumericStrings_AreAcceptedAndReturnedAsNumbers()
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.PostAsync(
            "maintenance/schedule",
            """{"windows":[{"machine_ids":[{"hostname":"Machine1"}],"unavailability":{"start":{"nanoseconds":"1795551078298638600"},"duration":{"nanoseconds":"3600000000000"}}}]}"""));

        Assert.Equal(ScheduleOf(M1), await master.ScheduleAsync());
    }

    [Fact]
    public async Task Call_NanosecondsAsNumericString_IsAcceptedExactly()
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.CallAsync(V1Update(
            """{"windows":[{"machine_ids":[{"ip":"0.0.0.2"}],"unavailability":{"start":{"nanoseconds":"1795551078298638600"},"duration":{"nanoseconds":3600000000000}}}]}""")));

        Assert.Equal(ScheduleOf(M2), await master.ScheduleAsync());
    }

    [Fact]
    public async Task UpdateSchedule_ExplicitNullsAndUnknownFields_MeanAbsentAndAreIgnored()
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.PostAsync(
            "maintenance/schedule",
            """
            {"windows":[{"machine_ids":[{"hostname":"Machine1","ip":null,"rack":"r1"}],
              "unavailability":{"start":{"nanoseconds":1795551078298638600,"seconds":null},"duration":null,"reason":"upgrade"},
              "labels":{"a":[1,2,{"b":null}]}}],
             "version":7,"comment":null}
            """));

        Assert.Equal(Schedule(Window([M1], Start, null)), await master.ScheduleAsync());
    }

    [Fact]
    public async Task UpdateSchedule_WindowsNull_ClearsSchedule()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync("maintenance/schedule", ScheduleOf(M1)));

        Replies.AssertOk(await master.PostAsync("maintenance/schedule", """{"windows":null}"""));

        Assert.Equal(new MaintenanceSnapshot("{}", "{}"), await master.SnapshotAsync());
    }

    [Fact]
    public async Task MachineDownAndCalls_ExplicitNullsAndUnknownFields_MeanAbsentAndAreIgnored()
    {
        await using var master = await MasterSession.StartAsync();
        Replies.AssertOk(await master.PostAsync("maintenance/schedule", ScheduleOf(M1, M2)));

        Replies.AssertOk(await master.PostAsync("machine/down", """[{"hostname":"Machine1","ip":null,"extra":true}]"""));
        Replies.AssertOk(await master.CallAsync(
            """{"type":"START_MAINTENANCE","start_maintenance":{"machines":[{"hostname":null,"ip":"0.0.0.2"}],"force":true},"stop_maintenance":null,"extra":{}}"""));

        Assert.Equal(StatusView.Of([], [M1, M2]), StatusView.Parse(await master.StatusAsync()));
        Assert.Equal(Health, Replies.AssertJson(await master.CallAsync("""{"type":"GET_HEALTH","get_health":null,"unknown":{"x":[1]}}""")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/*")]
    [InlineData("text/html, application/json;q=0.5")]
    [InlineData("application/json, application/json")]
    public async Task Get_AcceptCoveringJson_AnswersJson(string? accept)
    {
        var headers = accept is null ? Array.Empty<(string, string)>() : [("Accept", accept)];

        foreach (var path in new[] { "maintenance/schedule", "maintenance/status", "state" })
        {
            var reply = await fixture.Session.GetAsync(path, headers);
            Assert.True(reply.Status == 200 && reply.ContentType == "application/json", $"GET {path} Accept={accept}: {reply}");
        }

        Assert.Equal(fixture.Baseline.Schedule, Replies.AssertJson(await fixture.Session.GetAsync("maintenance/schedule", headers)));
    }

    [Fact]
    public async Task Get_AcceptJsonOnTwoHeaderLines_AnswersJson()
    {
        var request = RawHttp.Request("GET", "/maintenance/schedule", ["Accept: application/json", "Accept: application/json"]);

        var reply = await fixture.Session.RawAsync(request);

        Assert.Equal(fixture.Baseline.Schedule, Replies.AssertJson(reply));
    }

    [Fact]
    public async Task Call_AcceptJsonOnTwoHeaderLines_AnswersJson()
    {
        var body = Encoding.UTF8.GetBytes(V1("GET_HEALTH"));
        var request = RawHttp.Request(
            "POST",
            "/api/v1",
            ["Content-Type: application/json", $"Content-Length: {body.Length}", "Accept: application/json", "Accept: application/json"],
            body);

        var reply = await fixture.Session.RawAsync(request);

        Assert.Equal(Health, Replies.AssertJson(reply));
    }

    [Theory]
    [InlineData("maintenance/schedule")]
    [InlineData("maintenance/status")]
    [InlineData("state")]
    [InlineData("slaves")]
    public async Task Get_AcceptOnlyHtml_Returns406(string path)
    {
        var reply = await fixture.Session.GetAsync(path, ("Accept", "text/html"));

        Assert.Equal(406, reply.Status);
    }

    [Fact]
    public async Task Post_ChunkedBodySplitMidToken_IsRead()
    {
        await using var master = await MasterSession.StartAsync();
        var schedule = ScheduleOf(M1, M2);

        var reply = await master.RawAsync(RawHttp.Request(
            "POST", "/maintenance/schedule", ["Transfer-Encoding: chunked"], RawHttp.Chunked(schedule[..7], schedule[7..40], schedule[40..])));
        Replies.AssertOk(reply);
        Assert.Equal(schedule, await master.ScheduleAsync());

        var down = List(M1);
        reply = await master.RawAsync(RawHttp.Request(
            "POST", "/machine/down", ["Transfer-Encoding: chunked"], RawHttp.Chunked(down[..5], down[5..])));
        Replies.AssertOk(reply);

        var call = V1Start(M2);
        reply = await master.RawAsync(RawHttp.Request(
            "POST", "/api/v1", ["Content-Type: application/json", "Transfer-Encoding: chunked"], RawHttp.Chunked(call[..10], call[10..20], call[20..])));
        Replies.AssertOk(reply);

        Assert.Equal(StatusView.Of([], [M1, M2]), StatusView.Parse(await master.StatusAsync()));
    }

    [Fact]
    public async Task Post_TrailingNewlineAndPrettyPrintedBodies_AreRead()
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.PostAsync("maintenance/schedule", ScheduleOf(M1, M2) + "\n"));
        Replies.AssertOk(await master.PostAsync(
            "maintenance/schedule",
            "{\r\n  \"windows\": [\n    {\n      \"machine_ids\": [\n        { \"hostname\": \"Machine1\" },\n        { \"ip\": \"0.0.0.2\" }\n      ],\n"
            + "      \"unavailability\": {\n        \"start\": { \"nanoseconds\": 1795551078298638600 },\n        \"duration\": { \"nanoseconds\": 3600000000000 }\n      }\n    }\n  ]\n}\n"));
        Assert.Equal(ScheduleOf(M1, M2), await master.ScheduleAsync());

        Replies.AssertOk(await master.PostAsync("machine/down", "[\n  {\n    \"hostname\": \"Machine1\"\n  }\n]\n"));
        Replies.AssertOk(await master.CallAsync("{\n  \"type\": \"START_MAINTENANCE\",\n  \"start_maintenance\": {\n    \"machines\": [ { \"ip\": \"0.0.0.2\" } ]\n  }\n}\n"));
        Assert.Equal(StatusView.Of([], [M1, M2]), StatusView.Parse(await master.StatusAsync()));
    }

    [Fact]
    public async Task PostV0_AnyOrNoContentType_BodyIsReadAsJson()
    {
        await using var master = await MasterSession.StartAsync();

        // Spec 2.0: the v0 endpoints parse the body as JSON whatever the Content-Type (curl -d sends a form type).
        Replies.AssertOk(await master.PostAsync("maintenance/schedule", ScheduleOf(M1, M2), "text/plain"));
        Replies.AssertOk(await master.PostAsync("machine/down", List(M1, M2), "application/x-www-form-urlencoded"));
        Replies.AssertOk(await master.PostAsync("machine/up", List(M2), contentType: null));

        Assert.Equal(ScheduleOf(M1), await master.ScheduleAsync());
        Assert.Equal(StatusView.Of([], [M1]), StatusView.Parse(await master.StatusAsync()));
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task MaintenanceEndpoints_UnderPrefix_ServeTheWholeCycle(string prefix)
    {
        await using var master = await MasterSession.StartAsync();

        Replies.AssertOk(await master.PostAsync($"{prefix}/maintenance/schedule", ScheduleOf(M1, M2)));
        Assert.Equal(ScheduleOf(M1, M2), Replies.AssertJson(await master.GetAsync($"{prefix}/maintenance/schedule")));

        Replies.AssertOk(await master.PostAsync($"{prefix}/machine/down", List(M1)));
        Assert.Equal(
            StatusView.Of([M2], [M1]),
            StatusView.Parse(Replies.AssertJson(await master.GetAsync($"{prefix}/maintenance/status"))));

        Replies.AssertOk(await master.PostAsync($"{prefix}/machine/up", List(M1)));
        Assert.Equal(ScheduleOf(M2), Replies.AssertJson(await master.GetAsync($"{prefix}/maintenance/schedule")));
        Assert.Equal(await master.SnapshotAsync(), new MaintenanceSnapshot(
            Replies.AssertJson(await master.GetAsync($"{prefix}/maintenance/schedule")),
            Replies.AssertJson(await master.GetAsync($"{prefix}/maintenance/status"))));

        Assert.Equal(Health, Replies.AssertJson(await master.PostAsync($"{prefix}/api/v1?_ts=1", V1("GET_HEALTH"))));
    }

    [Fact]
    public async Task Requests_WithAuthorizationHeaders_AreServedAsWithout()
    {
        var master = fixture.Session;

        foreach (var authorization in new[] { "token=abc", "Basic dXNlcjpwYXNzd29yZA==" })
        {
            var header = ("Authorization", authorization);
            Assert.Equal(fixture.Baseline.Schedule, Replies.AssertJson(await master.GetAsync("maintenance/schedule", header)));
            Assert.Equal(fixture.Baseline.Status, Replies.AssertJson(await master.GetAsync("maintenance/status", header)));
            Replies.AssertBadRequest(await master.PostAsync("machine/down", List(M1), MasterSession.Json, header), NotScheduled(M1));
            Assert.Equal(Health, Replies.AssertJson(await master.PostAsync("api/v1", V1("GET_HEALTH"), MasterSession.Json, header)));
        }

        Assert.Equal(fixture.Baseline, await master.SnapshotAsync());
    }

    [Fact]
    public async Task State_NoAgents_HasTopLevelFieldsOfTheRightTypes()
    {
        var state = JsonNode.Parse(Replies.AssertJson(await fixture.Session.GetAsync("state")))!.AsObject();

        Assert.Equal(fixture.Session.Process.Id, (string?)state["id"]);
        foreach (var field in new[] { "id", "pid", "hostname", "version" })
        {
            Assert.True(state[field]?.GetValueKind() == JsonValueKind.String && (string?)state[field] != string.Empty, $"{field}: {state[field]}");
        }

        foreach (var field in new[] { "start_time", "activated_slaves" })
        {
            Assert.True(state[field]?.GetValueKind() == JsonValueKind.Number, $"{field}: {state[field]}");
        }

        Assert.Equal(0, (int)state["activated_slaves"]!);
        foreach (var field in new[] { "slaves", "recovered_slaves", "frameworks", "completed_frameworks", "orphan_tasks", "unregistered_frameworks" })
        {
            Assert.True(state[field] is JsonArray { Count: 0 }, $"{field}: {state[field]?.ToJsonString() ?? "<absent>"}");
        }
    }

    [Fact]
    public async Task Slaves_NoAgents_HasEmptyArrays()
    {
        var slaves = JsonNode.Parse(Replies.AssertJson(await fixture.Session.GetAsync("slaves")))!.AsObject();

        Assert.True(slaves["slaves"] is JsonArray { Count: 0 }, slaves.ToJsonString());
        Assert.True(slaves["recovered_slaves"] is JsonArray { Count: 0 }, slaves.ToJsonString());
    }

    [Theory]
    [InlineData("PUT", "maintenance/schedule", "GET,POST")]
    [InlineData("DELETE", "maintenance/schedule", "GET,POST")]
    [InlineData("PUT", "master/maintenance/schedule", "GET,POST")]
    [InlineData("GET", "machine/down", "POST")]
    [InlineData("PUT", "machine/down", "POST")]
    [InlineData("GET", "machine/up", "POST")]
    [InlineData("GET", "mesos/machine/up", "POST")]
    [InlineData("POST", "maintenance/status", "GET")]
    [InlineData("PUT", "maintenance/status", "GET")]
    public async Task Request_UnsupportedMethod_Returns405WithAllowAndMesosText(string method, string path, string allowed)
    {
        var methods = allowed.Split(',');

        var reply = await fixture.Session.SendAsync(new HttpMethod(method), path, method == "GET" ? null : new ByteArrayContent("{}"u8.ToArray()));

        Replies.AssertError(
            reply,
            405,
            $"405 Method Not Allowed. Expecting one of {{ '{string.Join("', '", methods)}' }}, but received '{method}'.");
        Assert.Equal(methods.ToHashSet(), reply.Allow);
        Assert.Equal(fixture.Baseline, await fixture.Session.SnapshotAsync());
    }

    [Theory]
    [InlineData("health")]
    [InlineData("master/health")]
    public async Task Health_Get_Returns200WithEmptyBody(string path)
    {
        var reply = await fixture.Session.GetAsync(path);

        Assert.Equal(200, reply.Status);
        Assert.Empty(reply.BodyBytes);
    }
}
