using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Events;
using Drydock.Services.Instances;
using static Drydock.Services.Tests.Deployments.TestApps;

namespace Drydock.Services.Tests.Events;

/// <summary>One event of every type this scheduler emits, for the writer, bus and client tests.</summary>
internal static class SampleEvents
{
    public static readonly DateTimeOffset At = new(2024, 3, 1, 12, 0, 5, 250, TimeSpan.Zero);

    public static readonly InstanceId Inst = new("prod_web.instance-6b2f0c4e-0000-4000-8000-000000000001");

    public static readonly PathId Web = PathId.Parse("/prod/web");

    public static readonly HealthCheckDefinition Check = new() { Protocol = HealthCheckProtocol.Command, Command = "curl -f localhost" };

    public static AppDefinition WebApp() => App("/prod/web", 2) with
    {
        HealthChecks = [Check],
        Labels = new Dictionary<string, string> { ["team"] = "blue" },
    };

    /// <summary>A new app's plan: StartApplication then ScaleApplication, with the app inside a group.</summary>
    public static DeploymentPlan NewAppPlan() =>
        DeploymentPlanner.Plan(Set(), Set(WebApp()), "5d5c4b2a-0000-4000-8000-00000000000a", T0);

    public static IReadOnlyList<MarathonEvent> All()
    {
        var plan = NewAppPlan();
        return
        [
            new ApiPostEvent("10.0.0.9", "/v2/apps", WebApp()) { Timestamp = At },
            new GroupChangeSuccessEvent(PathId.Root, T0) { Timestamp = At },
            new GroupChangeFailedEvent(PathId.Root, T0, "App is locked by one or more deployments.") { Timestamp = At },
            new DeploymentInfoEvent(plan, plan.Steps[0]) { Timestamp = At },
            new DeploymentStepSuccessEvent(plan, plan.Steps[0]) { Timestamp = At },
            new DeploymentStepFailureEvent(plan, plan.Steps[1]) { Timestamp = At },
            new DeploymentSuccessEvent(plan) { Timestamp = At },
            new DeploymentFailedEvent(plan, DeploymentFailedEvent.CancelledReason) { Timestamp = At },
            new StatusUpdateEvent("agent-1", Inst.TaskId(1), TaskStates.Running, "", Web, "node-1", ["10.0.0.1", "fd00::1"], [31000, 31001], T0) { Timestamp = At },
            new InstanceChangedEvent(Inst, InstanceCondition.Running, Web, "agent-1", "node-1", T0) { Timestamp = At },
            new InstanceHealthChangedEvent(Inst, Web, T0, true) { Timestamp = At },
            new UnknownInstanceTerminatedEvent(Inst, Web, InstanceCondition.Killed) { Timestamp = At },
            new HealthStatusChangedEvent(Web, Inst, T0, false) { Timestamp = At },
            new FailedHealthCheckEvent(Web, Inst, Check) { Timestamp = At },
            new UnhealthyInstanceKillEvent(Web, Inst.TaskId(1), Inst, T0, "3 consecutive health check failures", "node-1", "agent-1") { Timestamp = At },
            new AddHealthCheckEvent(Web, T0, Check) { Timestamp = At },
            new RemoveHealthCheckEvent(Web) { Timestamp = At },
            new AppTerminatedEvent(Web) { Timestamp = At },
            new EventStreamAttachedEvent("127.0.0.1") { Timestamp = At },
            new EventStreamDetachedEvent("127.0.0.1") { Timestamp = At },
        ];
    }
}
