using System.Text;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.Bodies;

namespace Drydock.IntegrationTests;

/// <summary>
/// Bodies no client should send: malformed JSON, wrong JSON types, missing fields, the wrong top-level type, bodies
/// over the size limit, absurd nesting, bytes that are not UTF-8, nothing at all. Each must be refused with a 4xx,
/// and afterwards the master must be alive with its maintenance state exactly as before
/// (<see cref="MixedModesBaseline"/>: M1 DOWN, M2 and M3 DRAINING).
/// </summary>
public sealed class BadInputTests(MixedModesMasterFixture fixture) : IClassFixture<MixedModesMasterFixture>
{
    private const string SchedulePath = "maintenance/schedule";
    private const string DownPath = "machine/down";
    private const string UpPath = "machine/up";
    private const string Api = "api/v1";
    private const string NotConvertible = "Failed to convert JSON into Call protobuf: ";

    public static TheoryData<string> PostEndpoints => [SchedulePath, DownPath, UpPath, Api];

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { SchedulePath, """{"windows":"x"}""", "Not expecting a JSON string for field 'windows'" },
        { SchedulePath, """{"windows":{}}""", "Not expecting a JSON object for field 'windows'" },
        { SchedulePath, """{"windows":[5]}""", "Not expecting a JSON number for field 'windows'" },
        { SchedulePath, WindowWith("\"machine_ids\":\"Machine1\""), "Not expecting a JSON string for field 'machine_ids'" },
        { SchedulePath, WindowWith("\"machine_ids\":[{\"hostname\":5}]"), "Not expecting a JSON number for field 'hostname'" },
        { SchedulePath, WindowWith("\"machine_ids\":[{\"hostname\":true}]"), "Not expecting a JSON boolean for field 'hostname'" },
        { SchedulePath, WindowWith("\"machine_ids\":[{\"hostname\":[\"Machine1\"]}]"), "Not expecting a JSON array for field 'hostname'" },
        { SchedulePath, WindowWith("\"machine_ids\":[{\"ip\":{}}]"), "Not expecting a JSON object for field 'ip'" },
        { SchedulePath, """{"windows":[{"machine_ids":[{"hostname":"Machine1"}],"unavailability":"soon"}]}""", "Not expecting a JSON string for field 'unavailability'" },
        { SchedulePath, """{"windows":[{"machine_ids":[{"hostname":"Machine1"}],"unavailability":{"start":{"nanoseconds":true}}}]}""", "Not expecting a JSON boolean for field 'nanoseconds'" },
        { SchedulePath, """{"windows":[{"machine_ids":[{"hostname":"Machine1"}],"unavailability":{"start":[1]}}]}""", "Not expecting a JSON array for field 'start'" },
        { DownPath, """[{"hostname":5}]""", "Not expecting a JSON number for field 'hostname'" },
        { UpPath, """[{"ip":false}]""", "Not expecting a JSON boolean for field 'ip'" },
        { DownPath, "[5]", "Expecting a JSON object" },
        { UpPath, """["Machine1"]""", "Expecting a JSON object" },
        { DownPath, "[[" + M1 + "]]", "Expecting a JSON object" },
        { Api, """{"type":"START_MAINTENANCE","start_maintenance":{"machines":[{"ip":5}]}}""", NotConvertible + "Not expecting a JSON number for field 'ip'" },
        { Api, """{"type":"STOP_MAINTENANCE","stop_maintenance":"Machine1"}""", NotConvertible + "Not expecting a JSON string for field 'stop_maintenance'" },
        { Api, """{"type":["GET_HEALTH"]}""", NotConvertible + "Not expecting a JSON array for field 'type'" },

        // The wrong top-level type.
        { SchedulePath, "[]", "Unexpected JSON type parsed" },
        { SchedulePath, "[" + M1 + "]", "Unexpected JSON type parsed" },
        { SchedulePath, "\"windows\"", "Unexpected JSON type parsed" },
        { SchedulePath, "5", "Unexpected JSON type parsed" },
        { SchedulePath, "null", "Unexpected JSON type parsed" },
        { DownPath, M1, "Unexpected JSON type parsed" },
        { UpPath, M1, "Unexpected JSON type parsed" },
        { DownPath, "{}", "Unexpected JSON type parsed" },
        { DownPath, "null", "Unexpected JSON type parsed" },
        { Api, "[]", NotConvertible + "Expecting a JSON object" },
        { Api, "null", NotConvertible + "Expecting a JSON object" },

        // Missing required fields, all of them named.
        {
            SchedulePath,
            """{"windows":[{"machine_ids":[{"hostname":"Machine1"}]},{"machine_ids":[{"ip":"0.0.0.2"}],"unavailability":{"duration":{"nanoseconds":1}}}]}""",
            "Missing required fields: windows[0].unavailability, windows[1].unavailability.start"
        },
        { SchedulePath, """{"windows":[{"unavailability":{"start":{"nanoseconds":null}}}]}""", "Missing required fields: windows[0].unavailability.start.nanoseconds" },
    };

    public static TheoryData<string, string> MalformedJson => new()
    {
        { SchedulePath, "{" },
        { SchedulePath, """{"windows":[}""" },
        { SchedulePath, """{"windows":[],}""" },
        { SchedulePath, "{'windows':[]}" },
        { SchedulePath, "/* schedule */ {}" },
        { SchedulePath, "{} {}" },
        { SchedulePath, """{"windows":[{"machine_ids":[{"hostname":"Machine1"}],"unavailability":{"start":{"nanoseconds":NaN}}}]}""" },
        { DownPath, "[" },
        { DownPath, """[{"hostname":"Machine1"}""" },
        { DownPath, """[{"hostname":"Machine1\}]""" },
        { UpPath, "nul" },
        { UpPath, """[{"hostname":"Machine1"},]""" },
        { Api, "{" },
        { Api, """{"type":"GET_HEALTH",}""" },
        { Api, "\u0000" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task Post_WrongJsonType_Returns400WithMesosTextAndChangesNothing(string path, string body, string error)
    {
        Replies.AssertBadRequest(await fixture.Session.PostAsync(path, body), error);

        await AssertUnchangedAndAliveAsync();
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("\"12abc\"")]
    public async Task UpdateSchedule_NanosecondsStringNotANumber_Returns400NamingTheField(string value)
    {
        var body = """{"windows":[{"machine_ids":[{"hostname":"Machine1"}],"unavailability":{"start":{"nanoseconds":""" + value + "}}}]}";

        var reply = await fixture.Session.PostAsync(SchedulePath, body);

        Assert.Equal(400, reply.Status);
        Assert.StartsWith($"Failed to parse '{value.Trim('"')}' as a JSON number for field 'nanoseconds'", reply.Body, StringComparison.Ordinal);
        await AssertUnchangedAndAliveAsync();
    }

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public async Task Post_MalformedJson_Returns400AndChangesNothing(string path, string body)
    {
        var reply = await fixture.Session.PostAsync(path, body);

        Assert.True(reply.Status == 400 && reply.Body.Length > 0, reply.ToString());
        if (path == Api)
        {
            Assert.StartsWith("Failed to parse body into JSON: ", reply.Body, StringComparison.Ordinal);
        }

        await AssertUnchangedAndAliveAsync();
    }

    [Theory]
    [MemberData(nameof(PostEndpoints))]
    public async Task Post_EmptyBody_Returns400AndChangesNothing(string path)
    {
        var reply = await fixture.Session.PostAsync(path, string.Empty);

        Assert.True(reply.Status == 400 && reply.Body.Length > 0, reply.ToString());
        await AssertUnchangedAndAliveAsync();
    }

    [Theory]
    [MemberData(nameof(PostEndpoints))]
    public async Task Post_WhitespaceOnlyBody_Returns400AndChangesNothing(string path)
    {
        var reply = await fixture.Session.PostAsync(path, " \r\n\t ");

        Assert.True(reply.Status == 400 && reply.Body.Length > 0, reply.ToString());
        await AssertUnchangedAndAliveAsync();
    }

    [Theory]
    [InlineData(SchedulePath, "[", "]")]
    [InlineData(SchedulePath, "{\"windows\":", "}")]
    [InlineData(DownPath, "[", "]")]
    [InlineData(UpPath, "{\"a\":", "}")]
    [InlineData(Api, "{\"type\":\"GET_HEALTH\",\"get_health\":", "}")]
    [InlineData(Api, "[", "]")]
    public async Task Post_NestedTenThousandDeep_Returns400AndChangesNothing(string path, string open, string close)
    {
        var body = new StringBuilder()
            .Insert(0, open, 10_000)
            .Append("null")
            .Append(new StringBuilder().Insert(0, close, 10_000))
            .ToString();

        var reply = await fixture.Session.PostAsync(path, body);

        Assert.True(reply.Status == 400, reply.ToString()[..Math.Min(300, reply.ToString().Length)]);
        await AssertUnchangedAndAliveAsync();
    }

    [Fact]
    public async Task UpdateSchedule_DeepNestingInUnknownField_Returns400AndChangesNothing()
    {
        var deep = new StringBuilder().Insert(0, "[", 10_000).Append(new StringBuilder().Insert(0, "]", 10_000)).ToString();
        var body = MixedModesBaseline.Schedule[..^1] + ",\"padding\":" + deep + "}";

        var reply = await fixture.Session.PostAsync(SchedulePath, body);

        Assert.Equal(400, reply.Status);
        await AssertUnchangedAndAliveAsync();
    }

    [Theory]
    [InlineData(SchedulePath, "{\"windows\":[{\"machine_ids\":[{\"hostname\":\"M", "\"}],\"unavailability\":{\"start\":{\"nanoseconds\":1}}}]}")]
    [InlineData(DownPath, "[{\"hostname\":\"Machine", "1\"}]")]
    [InlineData(UpPath, "[{\"ip\":\"0.0.0.", "2\"}]")]
    [InlineData(Api, "{\"type\":\"GET_MAINTENANCE_", "STATUS\"}")]
    [InlineData(Api, "{\"type\":\"START_MAINTENANCE\",\"start_maintenance\":{\"machines\":[{\"ip\":\"0.0.0.", "2\"}]}}")]
    public async Task Post_InvalidUtf8InsideString_Returns400AndChangesNothing(string path, string before, string after)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes(before), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(after)];

        var reply = await fixture.Session.PostBytesAsync(path, body);

        Assert.True(reply.Status == 400, reply.ToString());
        await AssertUnchangedAndAliveAsync();
    }

    [Theory]
    [MemberData(nameof(PostEndpoints))]
    public async Task Post_TwentyMegabyteBody_Returns413AndChangesNothing(string path)
    {
        var body = Padded(20 * 1024 * 1024);
        var head = RawHttp.Request("POST", "/" + path, ["Content-Type: application/json", $"Content-Length: {body.Length}"]);

        var reply = await RawHttp.SendRefusedBodyAsync(fixture.Session.Url, head, body, TestContext.Current.CancellationToken);

        Assert.True(reply.Status == 413, reply.ToString());
        await AssertUnchangedAndAliveAsync();
    }

    [Fact]
    public async Task Post_TwentyMegabyteBodyExpectingContinue_Returns413BeforeTheBodyIsSent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SchedulePath) { Content = new ByteArrayContent(Padded(20 * 1024 * 1024)) };
        request.Headers.ExpectContinue = true;

        using var response = await fixture.Session.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(413, (int)response.StatusCode);
        await AssertUnchangedAndAliveAsync();
    }

    [Fact]
    public async Task Post_TwentyMegabyteChunkedBody_Returns413AndChangesNothing()
    {
        // Chunked, so the master learns the size only while reading; it answers once past the limit and may close
        // the connection before the rest arrives, so the body is written beside the read of the reply.
        var body = Padded(20 * 1024 * 1024);
        using var chunked = new MemoryStream();
        for (var offset = 0; offset < body.Length; offset += 1024 * 1024)
        {
            var size = Math.Min(1024 * 1024, body.Length - offset);
            chunked.Write(System.Text.Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            chunked.Write(body, offset, size);
            chunked.Write("\r\n"u8);
        }

        chunked.Write("0\r\n\r\n"u8);
        var head = RawHttp.Request("POST", "/" + SchedulePath, ["Content-Type: application/json", "Transfer-Encoding: chunked"]);

        var reply = await RawHttp.SendRefusedBodyAsync(fixture.Session.Url, head, chunked.ToArray(), TestContext.Current.CancellationToken);

        Assert.True(reply.Status == 413, reply.ToString());
        await AssertUnchangedAndAliveAsync();
    }

    [Fact]
    public async Task UpdateSchedule_FifteenMegabyteBody_IsReadAndRefusedOnItsContent()
    {
        var reply = await fixture.Session.PostBytesAsync(SchedulePath, Padded(15 * 1024 * 1024));

        Replies.AssertBadRequest(reply, "Not expecting a JSON string for field 'windows'");
        await AssertUnchangedAndAliveAsync();
    }

    /// <summary>A JSON object of about <paramref name="size"/> bytes whose <c>windows</c> is a long string.</summary>
    private static byte[] Padded(int size)
    {
        var body = new byte[size];
        Array.Fill(body, (byte)'x');
        var head = "{\"windows\":\""u8;
        head.CopyTo(body);
        "\"}"u8.CopyTo(body.AsSpan(size - 2));
        return body;
    }

    private static string WindowWith(string machines) =>
        "{\"windows\":[{" + machines + ",\"unavailability\":" + Unavailability() + "}]}";

    private async Task AssertUnchangedAndAliveAsync()
    {
        Assert.True(await fixture.Session.IsAliveAsync(), "The master is not alive:\n" + fixture.Session.Process.Output);
        Assert.Equal(fixture.Baseline, await fixture.Session.SnapshotAsync());
    }
}
