using Drydock.Services.Instances;

namespace Drydock.Services.Apps;

/// <summary>
/// The <c>taskStats</c> embed (the key Marathon 1.6–1.8 write; 1.9's <c>tasksStats</c> breaks the Python client): counts
/// and life times of the app's live tasks in four groups, of which only the non-empty ones are written.
/// </summary>
internal sealed record TaskStats(TaskStatsGroup? StartedAfterLastScaling, TaskStatsGroup? WithLatestConfig, TaskStatsGroup? WithOutdatedConfig, TaskStatsGroup? TotalSummary)
{
    public static TaskStats Of(AppDefinition app, IReadOnlyCollection<Instance> instances, DateTimeOffset now)
    {
        var live = instances.Where(i => i.Incarnation > 0 && !(i.State is { } s && TaskStates.IsTerminal(s))).ToList();
        var lastScaling = app.VersionInfo?.LastScalingAt ?? app.Version;
        var lastConfig = app.LastConfigChangeAt;
        return new TaskStats(
            TaskStatsGroup.Of(live.Where(i => i.StagedAt >= lastScaling), now),
            TaskStatsGroup.Of(live.Where(i => i.AppVersion >= lastConfig), now),
            TaskStatsGroup.Of(live.Where(i => i.AppVersion < lastConfig), now),
            TaskStatsGroup.Of(live, now));
    }
}

/// <summary>One group of <see cref="TaskStats"/>: its counts, and the life times of the tasks that have started.</summary>
internal sealed record TaskStatsGroup(TaskCounts Counts, double? AverageSeconds, double? MedianSeconds)
{
    public static TaskStatsGroup? Of(IEnumerable<Instance> instances, DateTimeOffset now)
    {
        var list = instances.ToList();
        if (list.Count == 0)
        {
            return null;
        }

        var lives = list.Where(i => i.StartedAt is not null).Select(i => Math.Max(0, (now - i.StartedAt!.Value).TotalSeconds)).Order().ToList();
        if (lives.Count == 0)
        {
            return new TaskStatsGroup(TaskCounts.Of(list), null, null);
        }

        var median = lives.Count % 2 == 1 ? lives[lives.Count / 2] : (lives[(lives.Count / 2) - 1] + lives[lives.Count / 2]) / 2;
        return new TaskStatsGroup(TaskCounts.Of(list), lives.Average(), median);
    }
}
