using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>
/// An instance as the migration planner sees it: where its task is (null while it waits for an offer), its goal,
/// whether its task is launched and not terminal, and whether it is healthy (health checks passing, if any) and
/// ready (readiness checks answered, if any).
/// </summary>
internal sealed record MigrationInstance(InstanceId Id, string? AgentId, InstanceGoal Goal, bool Active, bool HealthyAndReady)
{
    /// <summary>Killed (its goal is no longer Running) but not yet terminal: it still holds its agent and its capacity.</summary>
    public bool Dying => Goal != InstanceGoal.Running && Active;
}
