using Drydock.Client.Scheduler;

namespace Drydock.Services.Scheduler;

/// <summary>What one round of offer matching decided: the tasks to launch per offer, the offers to decline, and whether to revive or suppress offers.</summary>
internal sealed record LaunchRound(
    IReadOnlyList<(string OfferId, IReadOnlyList<TaskInfo> Tasks)> Accepts,
    IReadOnlyList<string> Declines,
    double DeclineRefuseSeconds,
    bool Revive,
    bool Suppress);
