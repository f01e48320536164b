using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Drydock.AgentProtocol.V1;
using Drydock.IntegrationTests.Infrastructure;
using Google.Protobuf;

namespace Drydock.IntegrationTests;

/// <summary>
/// The agent channel against what a real agent never sends: bad ids, garbage, text, huge and truncated frames, messages
/// out of order, a second registration, another agent's id, and nothing at all. Each is closed with a reason or refused,
/// the master keeps serving, and nothing is stored.
/// </summary>
public sealed class AgentChannelTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string> BadAgentIds => new()
    {
        { string.Empty, "ID must not be empty" },
        { ".", "'.' is disallowed" },
        { "..", "'..' is disallowed" },
        { "a/b", "'a/b' contains invalid characters" },
        { "a\u0001b", "contains invalid characters" },
        { new string('x', 256), "ID must not be greater than 255 characters" },
    };

    [Theory]
    [MemberData(nameof(BadAgentIds))]
    public async Task Reregister_InvalidAgentId_ClosedAndNothingStored(string agentId, string reason)
    {
        await using var master = await MasterProcess.StartAsync();
        await using var channel = await RawAgentChannel.ConnectAsync(master.Url);

        await channel.SendAsync(m => m.Reregister = new ReregisterAgent { AgentId = agentId, Agent = RawAgentChannel.Description("bad-id", 5051) });
        var answered = await channel.WaitClosedAsync(Bound);

        Assert.Empty(answered);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, channel.CloseStatus);
        Assert.Contains(reason, channel.CloseReason, StringComparison.Ordinal);
        Assert.Empty(await StatePoller.AgentsAsync(master.Url));
        Assert.Equal(1, await MetricAsync(master, "drydock/agent_channels_invalid"));
        Assert.Contains("Reregister has an invalid AgentID", master.Output, StringComparison.Ordinal);

        // Nothing reached the registry: a restarted master on the same work dir knows no agent either.
        var workDir = master.WorkDir;
        await master.KillAsync();
        await using var restarted = await MasterProcess.StartAsync(workDir);
        using var http = new HttpClient { BaseAddress = restarted.Url };
        using var response = await http.PostAsync("api/v1", new StringContent("""{"type":"GET_AGENTS"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var state = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // Empty lists are left out, as protobuf JSON leaves them out.
        var agents = state.RootElement.GetProperty("get_agents");
        Assert.False(agents.TryGetProperty("agents", out _));
        Assert.False(agents.TryGetProperty("recovered_agents", out _));
    }

    [Fact]
    public async Task Channel_NoRegistration_ClosedAfterRegistrationTimeout()
    {
        await using var master = await MasterProcess.StartAsync(null, "--agent-registration-timeout", "500ms");
        await using var silent = await RawAgentChannel.ConnectAsync(master.Url);
        await using var truncated = await RawAgentChannel.ConnectAsync(master.Url);

        // The second starts a frame and never ends it: it is held to the same deadline.
        await truncated.SendBytesAsync(new byte[100], endOfMessage: false);
        await silent.WaitClosedAsync(Bound);
        await truncated.WaitClosedAsync(Bound);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, silent.CloseStatus);
        Assert.Contains("--agent-registration-timeout", silent.CloseReason, StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, truncated.CloseStatus);
        Assert.Equal(2, await MetricAsync(master, "drydock/agent_channels_timed_out"));
        Assert.Equal("500ms", (await FlagsAsync(master))["agent_registration_timeout"]);
    }

    [Fact]
    public async Task Upgrade_BeyondUnregisteredBound_Refused503UntilOneRegisters()
    {
        await using var master = await MasterProcess.StartAsync(null, "--max-unregistered-agent-channels", "2", "--agent-registration-timeout", "60secs");
        await using var first = await RawAgentChannel.ConnectAsync(master.Url);
        await using var second = await RawAgentChannel.ConnectAsync(master.Url);

        using var refused = new ClientWebSocket();
        refused.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(RawAgentChannel.Uri(master.Url), TestContext.Current.CancellationToken));
        using var http = new HttpClient { BaseAddress = master.Url };
        await first.SendAsync(m => m.Register = new RegisterAgent { Agent = RawAgentChannel.Description("bounded", 5051, "127.0.10.1") });
        var registered = await first.ReceiveAsync(Bound);
        await using var third = await RawAgentChannel.ConnectAsync(master.Url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.HttpStatusCode);
        Assert.Equal(MasterMessage.BodyOneofCase.Registered, registered?.BodyCase);
        Assert.Equal(WebSocketState.Open, third.Socket.State);
        Assert.Equal(1, await MetricAsync(master, "drydock/agent_channels_refused"));
        Assert.Equal("2", (await FlagsAsync(master))["max_unregistered_agent_channels"]);
        Assert.Contains("channels are waiting to register", master.Output, StringComparison.Ordinal);
    }

    public static TheoryData<string, WebSocketCloseStatus> BadFrames => new()
    {
        { "text", WebSocketCloseStatus.InvalidMessageType },
        { "garbage", WebSocketCloseStatus.InvalidPayloadData },
        { "huge", WebSocketCloseStatus.MessageTooBig },
        { "version", WebSocketCloseStatus.PolicyViolation },
        { "status-before-register", WebSocketCloseStatus.PolicyViolation },
        { "pong-before-register", WebSocketCloseStatus.PolicyViolation },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task Channel_FrameTheProtocolDoesNotAllow_ClosedWithReason(string frame, WebSocketCloseStatus expected)
    {
        await using var master = await MasterProcess.StartAsync();
        await using var channel = await RawAgentChannel.ConnectAsync(master.Url);

        await SendAsync(channel, frame);
        await channel.WaitClosedAsync(Bound);
        using var http = new HttpClient { BaseAddress = master.Url };
        var health = await http.GetAsync("version", TestContext.Current.CancellationToken);

        Assert.Equal(expected, channel.CloseStatus);
        Assert.False(string.IsNullOrEmpty(channel.CloseReason));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Empty(await StatePoller.AgentsAsync(master.Url));
        Assert.Empty((await JsonAsync(master, "tasks")).GetProperty("tasks").EnumerateArray());
        Assert.Equal(1, await MetricAsync(master, "drydock/agent_channels_invalid"));
        Assert.False(master.HasExited);
    }

    [Fact]
    public async Task Register_Twice_SecondClosesTheChannelAndAddsNoAgent()
    {
        await using var master = await MasterProcess.StartAsync();
        await using var channel = await RawAgentChannel.ConnectAsync(master.Url);

        await channel.SendAsync(m => m.Register = new RegisterAgent { Agent = RawAgentChannel.Description("twice", 5051, "127.0.10.2") });
        var registered = await channel.ReceiveAsync(Bound);
        await channel.SendAsync(m => m.Register = new RegisterAgent { Agent = RawAgentChannel.Description("twice-other", 5052, "127.0.10.2") });
        await channel.WaitClosedAsync(Bound);

        Assert.Equal(MasterMessage.BodyOneofCase.Registered, registered?.BodyCase);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, channel.CloseStatus);
        Assert.Contains("registered already", channel.CloseReason, StringComparison.Ordinal);
        var agents = await StatePoller.WaitForAgentsAsync(master.Url, a => a.Length == 1 && !a[0].GetProperty("active").GetBoolean());
        Assert.Equal(registered!.Registered.AgentId, agents[0].GetProperty("id").GetString());
        Assert.Equal("twice", agents[0].GetProperty("hostname").GetString());
    }

    [Fact]
    public async Task Reregister_AnotherAgentsIdFromSecondSocket_RefusedAndFirstChannelKept()
    {
        await using var master = await MasterProcess.StartAsync();
        await using var owner = await RawAgentChannel.ConnectAsync(master.Url);
        await owner.SendAsync(m => m.Register = new RegisterAgent { Agent = RawAgentChannel.Description("owner", 5051, "127.0.10.3") });
        var id = (await owner.ReceiveAsync(Bound))!.Registered.AgentId;
        await using var hijacker = await RawAgentChannel.ConnectAsync(master.Url);

        await hijacker.SendAsync(m => m.Reregister = new ReregisterAgent { AgentId = id, Agent = RawAgentChannel.Description("owner", 5051, "127.0.10.4") });
        var told = await hijacker.WaitClosedAsync(Bound);
        var agents = await StatePoller.AgentsAsync(master.Url);
        await owner.SendAsync(m => m.Pong = new Pong());

        Assert.Equal("Agent attempted to reregister with different IP / hostname", Assert.Single(told).Shutdown.Message);
        var agent = Assert.Single(agents);
        Assert.Equal((id, true, "slave(1)@127.0.10.3:5051"), (agent.GetProperty("id").GetString(), agent.GetProperty("active").GetBoolean(), agent.GetProperty("pid").GetString()));
        Assert.Equal(WebSocketState.Open, owner.Socket.State);
    }

    public static TheoryData<string> BadMessagesOfARegisteredAgent => new() { "unregister-empty-id", "unregister-other-id", "status-empty-framework", "status-bad-task-id" };

    [Theory]
    [MemberData(nameof(BadMessagesOfARegisteredAgent))]
    public async Task RegisteredChannel_MessageWithBadId_ClosedAndAgentKept(string kind)
    {
        await using var master = await MasterProcess.StartAsync();
        await using var channel = await RawAgentChannel.ConnectAsync(master.Url);
        await channel.SendAsync(m => m.Register = new RegisterAgent { Agent = RawAgentChannel.Description("kept", 5051, "127.0.10.5") });
        var id = (await channel.ReceiveAsync(Bound))!.Registered.AgentId;

        await channel.SendAsync(m =>
        {
            switch (kind)
            {
                case "unregister-empty-id":
                    m.Unregister = new UnregisterAgent { AgentId = string.Empty };
                    break;
                case "unregister-other-id":
                    m.Unregister = new UnregisterAgent { AgentId = id + "-other" };
                    break;
                case "status-empty-framework":
                    m.StatusUpdate = new StatusUpdate { FrameworkId = string.Empty, StatusJson = Status("t1", id) };
                    break;
                default:
                    m.StatusUpdate = new StatusUpdate { FrameworkId = "f1", StatusJson = Status("a/b", id) };
                    break;
            }
        });
        await channel.WaitClosedAsync(Bound);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, channel.CloseStatus);
        // The agent is not removed (an Unregister refused changes nothing): it is kept, disconnected, and may come back.
        var agents = await StatePoller.WaitForAgentsAsync(master.Url, a => a.Length == 1 && !a[0].GetProperty("active").GetBoolean());
        Assert.Equal(id, agents[0].GetProperty("id").GetString());
        Assert.Empty((await JsonAsync(master, "tasks")).GetProperty("tasks").EnumerateArray());
    }

    [Fact]
    public async Task Reregister_TaskWithInvalidIdOrOfAnotherAgent_ClosedAndNothingStored()
    {
        await using var master = await MasterProcess.StartAsync();
        string[] reasons = ["Task has an invalid TaskID: '../x' contains invalid characters", "Task has an invalid SlaveID 'someone-else'", "Task has an invalid FrameworkID: ID must not be empty"];
        (string FrameworkId, string TaskId, string AgentId)[] tasks = [("f1", "../x", "me"), ("f1", "t1", "someone-else"), (string.Empty, "t1", "me")];
        for (var i = 0; i < tasks.Length; i++)
        {
            await using var channel = await RawAgentChannel.ConnectAsync(master.Url);
            var reregister = new ReregisterAgent { AgentId = "me", Agent = RawAgentChannel.Description("tasks", 5051, "127.0.10.6") };
            reregister.Tasks.Add(new ReportedTask
            {
                FrameworkId = tasks[i].FrameworkId,
                State = "TASK_RUNNING",
                TaskInfoJson = $$$"""{"task_id":{"value":"{{{tasks[i].TaskId}}}"},"name":"n","agent_id":{"value":"{{{tasks[i].AgentId}}}"},"resources":[],"command":{"value":"true"}}""",
            });

            await channel.SendAsync(m => m.Reregister = reregister);
            await channel.WaitClosedAsync(Bound);

            Assert.Equal((WebSocketCloseStatus.PolicyViolation, reasons[i]), (channel.CloseStatus, channel.CloseReason));
        }

        Assert.Empty(await StatePoller.AgentsAsync(master.Url));
        Assert.Empty((await JsonAsync(master, "tasks")).GetProperty("tasks").EnumerateArray());
    }

    [Fact]
    public async Task RegisteredChannel_SilentAgent_ClosedByPingTimeouts()
    {
        await using var master = await MasterProcess.StartAsync(null, "--agent-ping-timeout", "200ms", "--max-agent-ping-timeouts", "2");
        await using var channel = await RawAgentChannel.ConnectAsync(master.Url);
        await channel.SendAsync(m => m.Register = new RegisterAgent { Agent = RawAgentChannel.Description("silent", 5051, "127.0.10.7") });

        // Pings arrive and are never answered.
        var received = await channel.WaitClosedAsync(Bound);
        var state = await JsonAsync(master, "state");

        Assert.Equal(MasterMessage.BodyOneofCase.Registered, received[0].BodyCase);
        Assert.Contains(received, m => m.BodyCase == MasterMessage.BodyOneofCase.Ping);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, channel.CloseStatus);
        Assert.Equal(1, state.GetProperty("unreachable_slaves").GetInt32());
    }

    private static async Task SendAsync(RawAgentChannel channel, string frame)
    {
        switch (frame)
        {
            case "text":
                await channel.SendBytesAsync(Encoding.UTF8.GetBytes("""{"register":{}}"""), WebSocketMessageType.Text);
                break;
            case "garbage":
                // Field 1 (length-delimited) announcing 255 bytes that never come: not an AgentMessage.
                await channel.SendBytesAsync([0x0A, 0xFF, 0x01, 0x02]);
                break;
            case "huge":
                var chunk = new byte[1024 * 1024];
                try
                {
                    for (var i = 0; i < 17; i++)
                    {
                        await channel.SendBytesAsync(chunk, endOfMessage: i == 16);
                    }
                }
                catch (WebSocketException)
                {
                    // The master may close before the last chunk.
                }

                break;
            case "version":
                await channel.SendBytesAsync(new AgentMessage { Version = 99, Register = new RegisterAgent { Agent = RawAgentChannel.Description("v", 5051) } }.ToByteArray());
                break;
            case "status-before-register":
                await channel.SendAsync(m => m.StatusUpdate = new StatusUpdate { FrameworkId = "f1", StatusJson = Status("t1", "some-agent") });
                break;
            default:
                await channel.SendAsync(m => m.Pong = new Pong());
                break;
        }
    }

    private static string Status(string taskId, string agentId) =>
        $$$"""{"task_id":{"value":"{{{taskId}}}"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR","agent_id":{"value":"{{{agentId}}}"},"uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}""";

    private static async Task<JsonElement> JsonAsync(MasterProcess master, string path)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var document = JsonDocument.Parse(await http.GetStringAsync(path, TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    private static async Task<double> MetricAsync(MasterProcess master, string name) =>
        (await JsonAsync(master, "metrics/snapshot")).GetProperty(name).GetDouble();

    private static async Task<Dictionary<string, string>> FlagsAsync(MasterProcess master) =>
        (await JsonAsync(master, "flags")).GetProperty("flags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
