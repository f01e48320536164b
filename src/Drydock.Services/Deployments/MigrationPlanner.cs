using System.Globalization;
using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>
/// Make-before-break migration off agents due for maintenance (Drydock's own; Marathon ignores inverse offers).
/// For each instance on a due agent a replacement starts elsewhere, within maxCapacity = floor(n × (1 +
/// maximumOverCapacity)), and the old one is killed once a replacement is healthy and ready; healthy instances never
/// fall below floor = ceil(n × minimumHealthCapacity) through a kill of this planner. When no offer has fitted a
/// replacement for longer than the patience, or the over-capacity leaves no room for one, it falls back to killing
/// first: one at a time, each only when the health floor allows, and the next only after the previous one's
/// replacement is healthy. With no instance to spare it stalls and says why. Pure and stateless: every round is
/// decided from the inputs alone, so it can run on every event.
/// </summary>
internal static class MigrationPlanner
{
    /// <summary>How long replacements may go without a fitting offer before the planner kills first.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(60);

    public static MigrationPlan Plan(IReadOnlyList<AppMigrationInput> apps, IReadOnlySet<string> dueAgents, DateTimeOffset now, TimeSpan patience)
    {
        var decisions = apps.ToDictionary(a => a.AppId, a => Decide(a, dueAgents, now, patience));
        var verdicts = new Dictionary<string, AgentVerdict>(StringComparer.Ordinal);
        foreach (var agent in dueAgents.Order(StringComparer.Ordinal))
        {
            var reasons = new List<string>();
            foreach (var app in apps.OrderBy(a => a.AppId.Value, StringComparer.Ordinal))
            {
                var held = app.Instances.Count(i => i.Active && i.AgentId == agent);
                if (held == 0)
                {
                    continue;
                }

                var decision = decisions[app.AppId];
                var killing = app.Instances.Count(i => i.AgentId == agent && (i.Dying || decision.Kill.Contains(i.Id)));
                var why = killing == held ? "waiting for them to end" : decision.Waiting ?? "waiting for them to end";
                reasons.Add($"{app.AppId}: {Count(held, "instance")} here, {Count(killing, "being killed", "being killed")}; {why}");
            }

            verdicts[agent] = reasons.Count == 0 ? AgentVerdict.Free(agent) : AgentVerdict.NotYet(agent, string.Join(" | ", reasons));
        }

        return new MigrationPlan(decisions, verdicts);
    }

    /// <summary>One app's round (see the type's summary).</summary>
    public static AppMigrationDecision Decide(AppMigrationInput app, IReadOnlySet<string> dueAgents, DateTimeOffset now, TimeSpan patience)
    {
        var running = app.Instances.Where(i => i.Goal == InstanceGoal.Running).ToArray();
        var doomed = running.Where(i => i.AgentId is { } agent && dueAgents.Contains(agent))
            .OrderBy(i => i.HealthyAndReady).ThenBy(i => i.Id.Value, StringComparer.Ordinal).ToList();
        if (doomed.Count == 0)
        {
            return AppMigrationDecision.Idle(app.AppId);
        }

        var n = Math.Max(0, app.Target);
        var floor = Math.Min(n, (int)Math.Ceiling(n * app.Strategy.MinimumHealthCapacity));
        var maxCapacity = (int)Math.Floor(n * (1 + app.Strategy.MaximumOverCapacity));
        if (floor == maxCapacity && !app.Resident)
        {
            maxCapacity++; // one instance of temporary over-capacity, as a rolling upgrade takes (marathon.md §8.3)
        }

        var safe = running.Length - doomed.Count;
        var healthySafe = running.Count(i => i.HealthyAndReady) - doomed.Count(i => i.HealthyAndReady);
        var healthy = running.Count(i => i.HealthyAndReady);
        var dying = app.Instances.Count(i => i.Dying);
        var total = running.Length + dying;
        var kills = new List<InstanceId>();

        // Make before break: an old instance goes once the instances elsewhere cover its share (a healthy one for a
        // healthy old one), and never below the floor.
        foreach (var old in doomed.ToArray())
        {
            var othersShare = n - (doomed.Count - 1);
            if (old.HealthyAndReady ? healthySafe >= othersShare && healthy - 1 >= floor : safe >= othersShare)
            {
                kills.Add(old.Id);
                doomed.Remove(old);
                healthy -= old.HealthyAndReady ? 1 : 0;
            }
        }

        var excess = Math.Max(0, safe + doomed.Count - n);
        var needed = Math.Max(0, doomed.Count - excess);
        var room = Math.Max(0, maxCapacity - total);
        var starts = Math.Min(needed, room);
        var pending = safe - healthySafe;
        if (doomed.Count == 0 || kills.Count > 0 || starts > 0)
        {
            return new AppMigrationDecision(app.AppId, MigrationMode.MakeBeforeBreak, starts, kills, doomed.Count == 0 ? null : WaitingForReplacements(app, doomed.Count, pending + starts));
        }

        var noOffer = app.NoRoomSince is { } since && now - since >= patience;
        var noBudget = needed > 0 && room == 0 && dying == 0; // only a kill can free capacity now
        if (!noOffer && !noBudget)
        {
            return new AppMigrationDecision(app.AppId, MigrationMode.MakeBeforeBreak, 0, [], dying > 0
                ? $"{app.AppId}: waiting for {Count(dying, "killed instance")} to end before starting replacements"
                : WaitingForReplacements(app, doomed.Count, pending));
        }

        var cause = noOffer ? "no offer fits a replacement" : "maximumOverCapacity leaves no room for a replacement first";
        if (dying > 0)
        {
            return new AppMigrationDecision(app.AppId, MigrationMode.KillFirst, 0, [], $"{app.AppId}: {cause}; waiting for {Count(dying, "killed instance")} to end");
        }

        var missing = Math.Max(0, n - running.Length);
        if (healthySafe < n - doomed.Count)
        {
            return new AppMigrationDecision(app.AppId, MigrationMode.KillFirst, Math.Min(missing, room), [],
                $"{app.AppId}: {cause}; killing one instance at a time, waiting for {Count(n - doomed.Count - healthySafe, "instance")} elsewhere to become healthy");
        }

        var victim = doomed[0];
        if (victim.HealthyAndReady && healthy - 1 < floor)
        {
            return new AppMigrationDecision(app.AppId, MigrationMode.Stalled, Math.Min(missing, room), [], string.Create(
                CultureInfo.InvariantCulture,
                $"{app.AppId}: stalled: {cause}, and killing one of its {healthy} healthy instances would leave fewer than {floor} (minimumHealthCapacity {app.Strategy.MinimumHealthCapacity} of {n})"));
        }

        // The kill frees its capacity only once the task is terminal, so its replacement starts in a later round.
        return new AppMigrationDecision(app.AppId, MigrationMode.KillFirst, Math.Min(missing, room), [victim.Id],
            doomed.Count == 1 ? null : $"{app.AppId}: {cause}; killing one instance at a time, {Count(doomed.Count - 1, "instance")} left on agents due for maintenance");
    }

    private static string WaitingForReplacements(AppMigrationInput app, int doomed, int pending) =>
        $"{app.AppId}: {Count(doomed, "instance")} on agents due for maintenance, waiting for {Count(pending, "replacement")} to become healthy and ready";

    private static string Count(int count, string noun, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? noun : plural ?? noun + "s")}");
}
