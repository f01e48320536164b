using System.Text;
using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Tests.Apps;

public sealed class TaskJsonTests
{
    private static readonly DateTimeOffset Noon = new(2020, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] HealthKeys = ["alive", "consecutiveFailures", "firstSuccess", "lastFailure", "lastSuccess", "taskId", "lastFailureCause", "instanceId"];

    private static Instance Running() => new()
    {
        Id = new InstanceId("web.instance-5e1c0000-0000-0000-0000-000000000001"),
        AppId = PathId.Parse("/web"),
        AppVersion = Noon,
        Incarnation = 1,
        State = TaskStates.Running,
        AgentId = "agent-1",
        Hostname = "10.0.1.5",
        AgentIp = "10.0.1.5",
        HostPorts = [31842],
        StagedAt = Noon.AddSeconds(1),
        StartedAt = Noon.AddSeconds(3),
        Healthy = true,
    };

    private static string Json(Instance instance, IReadOnlyList<int>? servicePorts = null, IReadOnlyList<TaskHealthResult>? health = null) =>
        Encoding.UTF8.GetString(MarathonJson.ToBytes(w => TaskJson.Write(w, instance, "*", servicePorts, health)));

    [Fact]
    public void Write_RunningTask_HasMarathonsShape()
    {
        JsonAssert.Equivalent(
            """
            {"id":"web.instance-5e1c0000-0000-0000-0000-000000000001._app.1","appId":"/web","host":"10.0.1.5","slaveId":"agent-1",
             "state":"TASK_RUNNING","stagedAt":"2020-03-01T12:00:01.000Z","startedAt":"2020-03-01T12:00:03.000Z",
             "version":"2020-03-01T12:00:00.000Z","ports":[31842],"servicePorts":[10000],
             "ipAddresses":[{"ipAddress":"10.0.1.5","protocol":"IPv4"}],
             "healthCheckResults":[{"alive":true,"consecutiveFailures":0,"instanceId":"web.instance-5e1c0000-0000-0000-0000-000000000001"}],
             "localVolumes":[],"role":"*"}
            """,
            Json(Running(), servicePorts: [10000]));
    }

    [Theory]
    [InlineData(TaskStates.Finished)]
    [InlineData(TaskStates.Failed)]
    [InlineData(TaskStates.Killed)]
    [InlineData(TaskStates.Lost)]
    public void Write_TerminalTask_NoPortsNoTimestampsNoVersion(string state)
    {
        using var doc = JsonDocument.Parse(Json(Running() with { State = state }));
        var task = doc.RootElement;

        Assert.Equal(state, task.GetProperty("state").GetString());
        Assert.Equal(0, task.GetProperty("ports").GetArrayLength());
        Assert.False(task.TryGetProperty("stagedAt", out _));
        Assert.False(task.TryGetProperty("startedAt", out _));
        Assert.False(task.TryGetProperty("version", out _));
    }

    [Fact]
    public void Write_LaunchedWithoutState_ShowsStagingWithoutStartedAt()
    {
        using var doc = JsonDocument.Parse(Json(Running() with { State = null, StartedAt = null, Healthy = null }));

        Assert.Equal("TASK_STAGING", doc.RootElement.GetProperty("state").GetString());
        Assert.False(doc.RootElement.TryGetProperty("startedAt", out _));
        Assert.Equal(0, doc.RootElement.GetProperty("healthCheckResults").GetArrayLength());
    }

    [Fact]
    public void Write_UnreachableInactive_ShowsUnreachable()
    {
        using var doc = JsonDocument.Parse(Json(Running() with { State = TaskStates.Unreachable, UnreachableInactive = true }));

        Assert.Equal("TASK_UNREACHABLE", doc.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public void Write_GivenHealthResults_OnlyKeysThePythonClientAccepts()
    {
        var health = new TaskHealthResult(false, 2) { FirstSuccess = Noon, LastSuccess = Noon, LastFailure = Noon.AddMinutes(1), LastFailureCause = "503" };

        using var doc = JsonDocument.Parse(Json(Running() with { AgentIp = "fe80::1" }, health: [health]));
        var task = doc.RootElement;

        Assert.All(JsonAssert.Keys(task), k => Assert.Contains(k, TaskJson.Keys));
        var result = task.GetProperty("healthCheckResults")[0];
        Assert.All(JsonAssert.Keys(result), k => Assert.Contains(k, HealthKeys));
        Assert.Equal("2020-03-01T12:01:00.000Z", result.GetProperty("lastFailure").GetString());
        Assert.Equal("IPv6", task.GetProperty("ipAddresses")[0].GetProperty("protocol").GetString());
        Assert.Equal(0, task.GetProperty("servicePorts").GetArrayLength());
    }

    [Fact]
    public void IsListed_OnlyInstancesWithAnAgentAndATask()
    {
        Assert.True(TaskJson.IsListed(Running()));
        Assert.False(TaskJson.IsListed(Running() with { AgentId = null }));
        Assert.False(TaskJson.IsListed(Running() with { Incarnation = 0 }));
    }

    [Fact]
    public void WriteTasks_SkipsScheduledInstances()
    {
        var app = AppBodies.Created("""{"id":"/web","cmd":"a b"}""");

        var json = Encoding.UTF8.GetString(MarathonJson.ToBytes(w =>
        {
            w.WriteStartObject();
            AppEmbedWriter.WriteTasks(w, app, [Running(), Running() with { Incarnation = 0, AgentId = null, State = null }]);
            w.WriteEndObject();
        }));

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public void TaskCounts_CountsLiveTasksByStateAndHealth()
    {
        var counts = TaskCounts.Of(
        [
            Running(),
            Running() with { Healthy = false },
            Running() with { State = TaskStates.Staging, Healthy = null },
            Running() with { State = null, Healthy = null },
            Running() with { State = TaskStates.Failed, Healthy = false },
            Running() with { Incarnation = 0, State = null },
        ]);

        Assert.Equal(new TaskCounts(2, 2, 1, 1), counts);
    }

    [Fact]
    public void TaskStats_GroupsByConfigAndScalingWithLifeTimes()
    {
        var app = AppBodies.Created("""{"id":"/web","cmd":"a b"}""") with { Version = Noon, VersionInfo = new VersionInfo(Noon, Noon) };
        var old = Running() with { AppVersion = Noon.AddHours(-1), StagedAt = Noon.AddHours(-1), StartedAt = Noon.AddHours(-1) };

        var stats = TaskStats.Of(app, [Running(), old], Noon.AddSeconds(13));

        Assert.Equal(new TaskCounts(0, 2, 2, 0), stats.TotalSummary!.Counts);
        Assert.Equal(1, stats.WithLatestConfig!.Counts.Running);
        Assert.Equal(1, stats.WithOutdatedConfig!.Counts.Running);
        Assert.Equal(1, stats.StartedAfterLastScaling!.Counts.Running);
        Assert.Equal(10, stats.WithLatestConfig.MedianSeconds);
        Assert.Equal((10 + 3613) / 2.0, stats.TotalSummary.AverageSeconds);
        Assert.Null(TaskStats.Of(app, [], Noon).TotalSummary);
    }
}
