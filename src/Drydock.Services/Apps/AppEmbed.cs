namespace Drydock.Services.Apps;

/// <summary>What an app answer embeds besides the app itself (the <c>embed</c> query parameter, marathon.md §3.1).</summary>
[Flags]
internal enum AppEmbed
{
    None = 0,

    /// <summary><c>tasksStaged</c>, <c>tasksRunning</c>, <c>tasksHealthy</c>, <c>tasksUnhealthy</c>.</summary>
    Counts = 1,
    Deployments = 2,
    Tasks = 4,

    /// <summary><c>readinessCheckResults</c>.</summary>
    Readiness = 8,
    LastTaskFailure = 16,
    TaskStats = 32,
}
