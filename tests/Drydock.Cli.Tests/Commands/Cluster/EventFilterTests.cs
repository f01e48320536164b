using Drydock.Cli.Commands.Cluster;

namespace Drydock.Cli.Tests.Commands.Cluster;

public sealed class EventFilterTests
{
    private const string Heartbeat = """{"type":"HEARTBEAT"}""";

    private static string Update(string task, string state, string? uuid, string? reason = null, string? message = null) =>
        "{\"type\":\"TASK_UPDATED\",\"task_updated\":{\"framework_id\":{\"value\":\"f\"},\"state\":\"" + state + "\",\"status\":{\"task_id\":{\"value\":\"" + task
        + "\"},\"state\":\"" + state + "\"" + (uuid is null ? string.Empty : ",\"uuid\":\"" + uuid + "\"")
        + (reason is null ? string.Empty : ",\"reason\":\"" + reason + "\"") + (message is null ? string.Empty : ",\"message\":\"" + message + "\"") + "}}}";

    [Fact]
    public void Shows_Heartbeat_OnlyWhenVerbose()
    {
        Assert.False(new EventFilter(verbose: false).Shows(Heartbeat));
        Assert.True(new EventFilter(verbose: true).Shows(Heartbeat));
    }

    [Fact]
    public void Shows_SameTaskAndUuidAgain_OnlyOnce()
    {
        var filter = new EventFilter(verbose: false);

        Assert.True(filter.Shows(Update("t1", "TASK_RUNNING", "dXVpZC0x")));
        Assert.False(filter.Shows(Update("t1", "TASK_RUNNING", "dXVpZC0x")));
        Assert.True(filter.Shows(Update("t1", "TASK_FINISHED", "dXVpZC0y")));
        Assert.True(filter.Shows(Update("t2", "TASK_RUNNING", "dXVpZC0x")));
    }

    [Fact]
    public void Shows_UpdatesWithoutUuid_EachTime()
    {
        var filter = new EventFilter(verbose: false);

        Assert.True(filter.Shows(Update("t1", "TASK_LOST", null)));
        Assert.True(filter.Shows(Update("t1", "TASK_LOST", null)));
    }

    [Fact]
    public void Describe_TaskUpdate_ShowsStateReasonAndMessage()
    {
        var line = EventsCommand.Describe(Update("t1", "TASK_FAILED", "dXVpZC0x", "REASON_COMMAND_EXECUTOR_FAILED", "exited with status 3"));

        Assert.EndsWith("TASK_UPDATED       t1: TASK_FAILED REASON_COMMAND_EXECUTOR_FAILED (exited with status 3)", line, StringComparison.Ordinal);
    }
}
