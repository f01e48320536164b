using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>
/// What to do now for one app: start <see cref="StartReplacements"/> new instances (on agents not due for
/// maintenance) and kill <see cref="Kill"/> (their goal becomes Decommissioned). <see cref="Waiting"/> says what the
/// migration waits for, or why it is stalled; null when it is idle or has nothing to wait for.
/// </summary>
internal sealed record AppMigrationDecision(PathId AppId, MigrationMode Mode, int StartReplacements, IReadOnlyList<InstanceId> Kill, string? Waiting)
{
    public static AppMigrationDecision Idle(PathId appId) => new(appId, MigrationMode.Idle, 0, [], null);
}
