using System.Text;
using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Events;
using static Drydock.Services.Tests.Deployments.TestApps;
using static Drydock.Services.Tests.Events.SampleEvents;

namespace Drydock.Services.Tests.Events;

public sealed class EventWriterTests
{
    public static TheoryData<string, string[]> KeysByType => new()
    {
        { "api_post_event", ["clientIp", "uri", "appDefinition"] },
        { "group_change_success", ["groupId", "version"] },
        { "group_change_failed", ["groupId", "version", "reason"] },
        { "deployment_info", ["plan", "currentStep"] },
        { "deployment_step_success", ["plan", "currentStep"] },
        { "deployment_step_failure", ["plan", "currentStep"] },
        { "deployment_success", ["id", "plan"] },
        { "deployment_failed", ["id", "plan", "reason"] },
        { "status_update_event", ["slaveId", "taskId", "taskStatus", "message", "appId", "host", "ipAddresses", "ports", "version"] },
        { "instance_changed_event", ["instanceId", "condition", "runSpecId", "agentId", "host", "runSpecVersion"] },
        { "instance_health_changed_event", ["instanceId", "runSpecId", "runSpecVersion", "healthy"] },
        { "unknown_instance_terminated_event", ["instanceId", "runSpecId", "condition"] },
        { "health_status_changed_event", ["appId", "instanceId", "version", "alive"] },
        { "failed_health_check_event", ["appId", "taskId", "instanceId", "healthCheck"] },
        { "unhealthy_instance_kill_event", ["appId", "taskId", "instanceId", "version", "reason", "host", "slaveId"] },
        { "add_health_check_event", ["appId", "version", "healthCheck"] },
        { "remove_health_check_event", ["appId"] },
        { "app_terminated_event", ["appId"] },
        { "event_stream_attached", ["remoteAddress"] },
        { "event_stream_detached", ["remoteAddress"] },
    };

    [Theory]
    [MemberData(nameof(KeysByType))]
    public void Write_EachType_EventTypeTimestampThenItsKeys(string type, string[] keys)
    {
        var marathonEvent = All().Single(e => e.EventType == type);

        using var json = JsonDocument.Parse(marathonEvent.ToJson());

        Assert.Equal(["eventType", "timestamp", .. keys], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(type, json.RootElement.GetProperty("eventType").GetString());
        Assert.Equal("2024-03-01T12:00:05.250Z", json.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void All_EveryEmittedType_OnceAndNoSchedulerEvents()
    {
        var types = All().Select(e => e.EventType).ToArray();

        Assert.Equal(EventTypes.All.Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal));
        Assert.Equal(KeysByType.Count, types.Length);
        Assert.DoesNotContain(EventTypes.All, t => t.StartsWith("scheduler_", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_EveryType_OneLineThatThePythonClientAccepts()
    {
        foreach (var marathonEvent in All())
        {
            var bytes = marathonEvent.ToJson();

            Assert.DoesNotContain((byte)'\n', bytes);
            Assert.DoesNotContain((byte)'\r', bytes);
            using var json = JsonDocument.Parse(bytes);
            Assert.Empty(PythonEventRules.Problems(json.RootElement));
        }
    }

    [Fact]
    public void Write_DeploymentInfo_HeavyPlanAndCurrentStepObject()
    {
        var plan = NewAppPlan();

        using var json = Parse(new Drydock.Services.Events.DeploymentInfoEvent(plan, plan.Steps[1]) { Timestamp = At });

        var root = json.RootElement;
        var planJson = root.GetProperty("plan");
        Assert.Equal(plan.Id, planJson.GetProperty("id").GetString());
        Assert.Equal("2024-03-01T12:00:00.000Z", planJson.GetProperty("version").GetString());
        var prod = planJson.GetProperty("target").GetProperty("groups")[0];
        Assert.Equal("/prod", prod.GetProperty("id").GetString());
        var app = prod.GetProperty("apps")[0];
        Assert.Equal("/prod/web", app.GetProperty("id").GetString());
        Assert.Equal(2, app.GetProperty("instances").GetInt32());
        Assert.False(app.TryGetProperty("tasksRunning", out _));
        Assert.Equal(0, planJson.GetProperty("original").GetProperty("apps").GetArrayLength());
        Assert.False(planJson.GetProperty("target").TryGetProperty("enforceRole", out _));
        Assert.Equal("""{"actions":[{"action":"ScaleApplication","app":"/prod/web"}]}""", root.GetProperty("currentStep").GetRawText());
    }

    [Fact]
    public void Write_ApiPost_AppAsTheAppsEndpointShowsIt()
    {
        using var json = Parse(new ApiPostEvent("10.0.0.9", "/v2/apps", WebApp()) { Timestamp = At });

        var root = json.RootElement;
        Assert.Equal("10.0.0.9", root.GetProperty("clientIp").GetString());
        Assert.Equal("/v2/apps", root.GetProperty("uri").GetString());
        Assert.Equal(AppJson.ToJson(WebApp()), root.GetProperty("appDefinition").GetRawText());
    }

    [Fact]
    public void Write_DeploymentFailedWithoutReason_LeavesReasonOut()
    {
        using var json = Parse(new DeploymentFailedEvent(NewAppPlan()) { Timestamp = At });

        Assert.Equal(NewAppPlan().Id, json.RootElement.GetProperty("id").GetString());
        Assert.False(json.RootElement.TryGetProperty("reason", out _));
    }

    [Fact]
    public void Write_StatusUpdate_IpAddressesWithProtocolAndHostPorts()
    {
        var update = All().OfType<StatusUpdateEvent>().Single();

        using var json = Parse(update);

        var root = json.RootElement;
        Assert.Equal("""[{"ipAddress":"10.0.0.1","protocol":"IPv4"},{"ipAddress":"fd00::1","protocol":"IPv6"}]""", root.GetProperty("ipAddresses").GetRawText());
        Assert.Equal("[31000,31001]", root.GetProperty("ports").GetRawText());
        Assert.Equal("TASK_RUNNING", root.GetProperty("taskStatus").GetString());
        Assert.Equal(Inst.TaskId(1), root.GetProperty("taskId").GetString());
        Assert.Equal("/prod/web", root.GetProperty("appId").GetString());
        Assert.Equal("2024-03-01T12:00:00.000Z", root.GetProperty("version").GetString());
    }

    [Fact]
    public void Write_InstanceChangedBeforeAnAgent_LeavesAgentAndHostOut()
    {
        using var json = Parse(new InstanceChangedEvent(Inst, InstanceCondition.Scheduled, Web, null, null, T0) { Timestamp = At });

        Assert.Equal(["eventType", "timestamp", "instanceId", "condition", "runSpecId", "runSpecVersion"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Scheduled", json.RootElement.GetProperty("condition").GetString());
    }

    [Theory]
    [InlineData("Created")]
    [InlineData("Running")]
    [InlineData("Gone")]
    [InlineData("UnreachableInactive")]
    [InlineData("Scheduled")]
    public void Write_Condition_MarathonsName(string name)
    {
        using var json = Parse(new UnknownInstanceTerminatedEvent(Inst, Web, Enum.Parse<InstanceCondition>(name)) { Timestamp = At });

        Assert.Equal(name, json.RootElement.GetProperty("condition").GetString());
    }

    [Fact]
    public void Write_InstanceHealthUnknown_LeavesHealthyOut()
    {
        using var json = Parse(new InstanceHealthChangedEvent(Inst, Web, T0, null) { Timestamp = At });

        Assert.False(json.RootElement.TryGetProperty("healthy", out _));
    }

    [Fact]
    public void Write_FailedHealthCheck_InstanceIdInTaskIdAndTheCheckWithItsCommand()
    {
        using var json = Parse(new FailedHealthCheckEvent(Web, Inst, Check) { Timestamp = At });

        var root = json.RootElement;
        Assert.Equal(Inst.Value, root.GetProperty("taskId").GetString());
        Assert.Equal(Inst.Value, root.GetProperty("instanceId").GetString());
        Assert.Equal("COMMAND", root.GetProperty("healthCheck").GetProperty("protocol").GetString());
        Assert.Equal("curl -f localhost", root.GetProperty("healthCheck").GetProperty("command").GetProperty("value").GetString());
    }

    [Fact]
    public void Write_UnhealthyKillWithoutAgent_LeavesSlaveIdOut()
    {
        using var json = Parse(new UnhealthyInstanceKillEvent(Web, Inst.TaskId(2), Inst, T0, "failed", "node-1", null) { Timestamp = At });

        Assert.False(json.RootElement.TryGetProperty("slaveId", out _));
        Assert.Equal(Inst.TaskId(2), json.RootElement.GetProperty("taskId").GetString());
    }

    [Fact]
    public void Write_TextWithQuotesAndLineBreaks_EscapedOnOneLine()
    {
        var bytes = new GroupChangeFailedEvent(PathId.Root, T0, "line one\r\nline \"two\" <ü>") { Timestamp = At }.ToJson();

        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("""line one\r\nline \"two\" <ü>""", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(bytes);
        Assert.Equal("line one\r\nline \"two\" <ü>", json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void EventFrame_From_EventLineDataLineAndBlankLine()
    {
        var marathonEvent = new AppTerminatedEvent(Web) { Timestamp = At };

        var frame = EventFrame.From(marathonEvent);

        Assert.Equal("app_terminated_event", frame.EventType);
        Assert.Equal(
            "event: app_terminated_event\r\ndata: {\"eventType\":\"app_terminated_event\",\"timestamp\":\"2024-03-01T12:00:05.250Z\",\"appId\":\"/prod/web\"}\r\n\r\n",
            Encoding.UTF8.GetString(frame.Bytes.Span));
    }

    private static JsonDocument Parse(MarathonEvent marathonEvent) => JsonDocument.Parse(marathonEvent.ToJson());
}
