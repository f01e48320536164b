using System.Text.Json;
using Drydock.Cli.Commands.Tasks;

namespace Drydock.Cli.Tests.Commands.Tasks;

public sealed class TaskLogTests
{
    private const string MasterState = """
        {"slaves":[{"id":"S1","pid":"slave(1)@127.0.0.2:5051"}],
         "frameworks":[{"id":"F1","tasks":[{"id":"web","framework_id":"F1","slave_id":"S1","state":"TASK_RUNNING"}],
                        "completed_tasks":[{"id":"web","framework_id":"F1","slave_id":"S0","state":"TASK_KILLED"},
                                           {"id":"batch","framework_id":"F1","slave_id":"S9","state":"TASK_FINISHED"}]}],
         "completed_frameworks":[]}
        """;

    [Theory]
    [InlineData("a\nb\nc\n", 2, "b\nc\n")]
    [InlineData("a\nb\nc", 2, "b\nc")]
    [InlineData("a\nb\nc\n", 10, "a\nb\nc\n")]
    [InlineData("a\nb\nc\n", 0, "")]
    [InlineData("", 3, "")]
    [InlineData("\n\n", 1, "\n")]
    public void LastLines_Text_KeepsTheLastLines(string text, int count, string expected)
    {
        Assert.Equal(expected, TaskLogCommand.LastLines(text, count));
    }

    [Fact]
    public void Find_RunningAndEndedTaskOfOneId_PrefersTheRunningOne()
    {
        using var state = JsonDocument.Parse(MasterState);

        var sandbox = TaskSandbox.Find(state.RootElement, "web", out var missing);

        Assert.Null(missing);
        Assert.Equal(("F1", "S1", new Uri("http://127.0.0.2:5051/")), (sandbox!.FrameworkId, sandbox.AgentId, sandbox.Agent));
    }

    [Fact]
    public void Find_TaskOfAnAgentNotListed_NamesTheAgent()
    {
        using var state = JsonDocument.Parse(MasterState);

        Assert.Null(TaskSandbox.Find(state.RootElement, "batch", out var missing));
        Assert.Equal("S9", missing);
        Assert.Null(TaskSandbox.Find(state.RootElement, "nothing", out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Directory_AgentState_IsTheActiveRunElseTheLatestElseTheVirtualPath()
    {
        var sandbox = new TaskSandbox("web", "F1", "S1", new Uri("http://127.0.0.2:5051/"));
        using var active = JsonDocument.Parse("""
            {"frameworks":[{"id":"F1","executors":[{"directory":"/w/run2","tasks":[{"id":"web"}],"completed_tasks":[]}],
                            "completed_executors":[{"directory":"/w/run1","tasks":[],"completed_tasks":[{"id":"web"}]}]}]}
            """);
        using var ended = JsonDocument.Parse("""
            {"frameworks":[],"completed_frameworks":[{"id":"F1","executors":[],
                            "completed_executors":[{"directory":"/w/run1","tasks":[],"completed_tasks":[{"id":"web"}]}]}]}
            """);
        using var empty = JsonDocument.Parse("{}");

        Assert.Equal("/w/run2", sandbox.Directory(active.RootElement));
        Assert.Equal("/w/run1", sandbox.Directory(ended.RootElement));
        Assert.Equal("/slaves/S1/frameworks/F1/executors/web/runs/latest", sandbox.Directory(empty.RootElement));
    }
}
