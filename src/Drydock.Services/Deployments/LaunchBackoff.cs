using System.Collections.Immutable;
using Drydock.Services.Apps;

namespace Drydock.Services.Deployments;

/// <summary>
/// Launch delays per (app id, lastConfigChangeAt) (marathon.md §8.4), so a scale or restart keeps the delay and a
/// config change starts afresh. The first failure sets min(backoffSeconds, maxLaunchDelaySeconds) from now, each
/// later one min(max, delay × backoffFactor) from now. Immutable: every change returns the next book.
/// </summary>
internal sealed class LaunchBackoff
{
    public static readonly LaunchBackoff Empty = new(ImmutableDictionary<(PathId, DateTimeOffset), BackoffEntry>.Empty);

    private readonly ImmutableDictionary<(PathId App, DateTimeOffset Config), BackoffEntry> _entries;

    private LaunchBackoff(ImmutableDictionary<(PathId, DateTimeOffset), BackoffEntry> entries) => _entries = entries;

    public int Count => _entries.Count;

    /// <summary>The delay of <paramref name="app"/>'s current config, or null when there is none or it has lapsed.</summary>
    public BackoffEntry? Find(AppDefinition app, DateTimeOffset now) =>
        _entries.TryGetValue(Key(app), out var entry) && !entry.HasLapsed(now) ? entry : null;

    /// <summary>Whether <paramref name="app"/> may launch now.</summary>
    public bool MayLaunch(AppDefinition app, DateTimeOffset now) => Find(app, now) is not { } entry || entry.Deadline <= now;

    /// <summary>The queue's view of <paramref name="app"/>'s delay.</summary>
    public QueueDelay View(AppDefinition app, DateTimeOffset now)
    {
        if (Find(app, now) is not { } entry || entry.Deadline <= now)
        {
            return QueueDelay.NotDelayed;
        }

        var left = (long)Math.Floor((entry.Deadline - now).TotalSeconds);
        return new QueueDelay((int)Math.Min(int.MaxValue, left), false);
    }

    /// <summary>Applies one task status of <paramref name="app"/> (see <see cref="BackoffRules.Classify"/>).</summary>
    public LaunchBackoff OnTaskStatus(AppDefinition app, string state, string? reason, string? message, DateTimeOffset now, bool agentUnderMaintenance = false) =>
        BackoffRules.Classify(state, reason, message, agentUnderMaintenance) switch
        {
            BackoffEffect.AddDelay => AddFailure(app, now),
            BackoffEffect.MoveReference => MoveReference(app, now),
            BackoffEffect.Reset => Reset(app),
            _ => this,
        };

    public LaunchBackoff AddFailure(AppDefinition app, DateTimeOffset now)
    {
        var max = TimeSpan.FromSeconds(Math.Max(0, app.MaxLaunchDelaySeconds));
        var first = TimeSpan.FromSeconds(Math.Max(0, app.BackoffSeconds));
        var delay = Find(app, now) is { } current
            ? Min(max, Multiply(current.Delay, app.BackoffFactor))
            : Min(max, first);
        return new LaunchBackoff(_entries.SetItem(Key(app), new BackoffEntry(delay, now, max)));
    }

    /// <summary>An instance reached Staging, Starting or Running: the reference moves to now and the delay stays.</summary>
    public LaunchBackoff MoveReference(AppDefinition app, DateTimeOffset now) =>
        Find(app, now) is { } current ? new LaunchBackoff(_entries.SetItem(Key(app), current with { Reference = now })) : Without(Key(app));

    /// <summary>
    /// Drops the delay of <paramref name="app"/>'s current config: <c>DELETE /v2/queue/{id}/delay</c>, a restart or
    /// upgrade step beginning, a drain.
    /// </summary>
    public LaunchBackoff Reset(AppDefinition app) => Without(Key(app));

    /// <summary>Drops every delay of the app, whatever its config (the app is stopped).</summary>
    public LaunchBackoff Forget(PathId appId)
    {
        var keys = _entries.Keys.Where(k => k.App == appId).ToArray();
        return keys.Length == 0 ? this : new LaunchBackoff(_entries.RemoveRange(keys));
    }

    /// <summary>Drops the entries that have lapsed.</summary>
    public LaunchBackoff Prune(DateTimeOffset now)
    {
        var lapsed = _entries.Where(e => e.Value.HasLapsed(now)).Select(e => e.Key).ToArray();
        return lapsed.Length == 0 ? this : new LaunchBackoff(_entries.RemoveRange(lapsed));
    }

    private static (PathId, DateTimeOffset) Key(AppDefinition app) => (app.Id, app.LastConfigChangeAt);

    private LaunchBackoff Without((PathId, DateTimeOffset) key) => _entries.ContainsKey(key) ? new LaunchBackoff(_entries.Remove(key)) : this;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The factor is validated finite and positive by the Apps reader; anything else keeps the delay as it is.</summary>
    private static TimeSpan Multiply(TimeSpan delay, double factor)
    {
        var ticks = delay.Ticks * factor;
        if (!double.IsFinite(ticks) || ticks < 0)
        {
            return delay;
        }

        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
    }
}
