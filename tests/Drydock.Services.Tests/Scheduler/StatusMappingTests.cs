using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Instances;
using Drydock.Services.Scheduler;

namespace Drydock.Services.Tests.Scheduler;

public sealed class StatusMappingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddYears(56);
    private static readonly AppDefinition App = new() { Id = PathId.Parse("/a") };

    private static Instance Running(InstanceGoal goal) => new()
    {
        Id = InstanceId.New(App.Id),
        AppId = App.Id,
        AppVersion = Now,
        Goal = goal,
        Incarnation = 1,
        State = TaskStates.Running,
        AgentId = "S0",
    };

    private static TaskStatusMessage Status(Instance instance, string state, string? reason) =>
        new(instance.TaskId!, state, "SOURCE_MASTER", "S0", 0, null, null, reason);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Apply_LostWithItsAgentRemoved_InstanceExpungedSoAReplacementStarts(bool decommissioned)
    {
        // Decommissioned (being killed, e.g. by a migration) or not, with the default unreachableStrategy {0,0}.
        var instance = Running(decommissioned ? InstanceGoal.Decommissioned : InstanceGoal.Running);

        var outcome = StatusMapping.Apply(instance, App, Status(instance, TaskStates.Lost, "REASON_AGENT_REMOVED"), Now);

        Assert.True(outcome.Expunged);
    }

    [Fact]
    public void Apply_UnreachableDecommissioned_KeptSoItIsKilledIfItReturns()
    {
        var instance = Running(InstanceGoal.Decommissioned);

        var outcome = StatusMapping.Apply(instance, App, Status(instance, TaskStates.Unreachable, "REASON_AGENT_DISCONNECTED"), Now);

        Assert.False(outcome.Expunged);
        Assert.Equal(TaskStates.Unreachable, outcome.Instance!.State);
    }

    [Fact]
    public void Apply_UnreachableWithDisabledStrategy_WaitsAndStillCounts()
    {
        var app = App with { UnreachableStrategy = UnreachableStrategy.Off };
        var instance = Running(InstanceGoal.Running);

        var outcome = StatusMapping.Apply(instance, app, Status(instance, TaskStates.Unreachable, null), Now);

        Assert.False(outcome.Expunged);
        Assert.False(outcome.Instance!.UnreachableInactive);
    }
}
