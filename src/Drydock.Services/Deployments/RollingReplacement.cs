using System.Collections.Immutable;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>
/// The RestartApplication step as a pure state machine (marathon.md §8.3). With minHealthy = ceil(n × minimumHealth)
/// and maxCapacity = floor(n × (1 + maximumOver)): at the start it kills max(0, H − minHealthy) old instances
/// (unhealthy first) and launches min(n − started, max(0, maxCapacity − oldActive − started)); each new instance that
/// becomes healthy and ready kills one more old one; each old one that turns terminal launches again by the same
/// formula. An old instance leaves the count only once terminal. Done when n new ones are healthy and ready and no
/// old one is left. Immutable: every event returns the next state with the decision.
/// </summary>
internal sealed record RollingReplacement
{
    private RollingReplacement()
    {
    }

    public int Target { get; private init; }

    public int MinHealthy { get; private init; }

    public int MaxCapacity { get; private init; }

    /// <summary>Old instances with goal Running still to be killed, in kill order.</summary>
    public ImmutableList<InstanceId> OldToKill { get; private init; } = [];

    /// <summary>Old instances killed and not yet terminal; they still count against the capacity.</summary>
    public ImmutableHashSet<InstanceId> OldDying { get; private init; } = [];

    /// <summary>Healthy old instances not yet killed.</summary>
    public ImmutableHashSet<InstanceId> OldHealthy { get; private init; } = [];

    /// <summary>New instances queued so far.</summary>
    public int Started { get; private init; }

    /// <summary>New instances that are healthy and ready.</summary>
    public ImmutableHashSet<InstanceId> NewReady { get; private init; } = [];

    /// <summary>Old instances that have not reached a terminal state.</summary>
    public int OldActive => OldToKill.Count + OldDying.Count;

    /// <summary>Healthy instances, old and new, that are not being killed.</summary>
    public int Healthy => OldHealthy.Count + NewReady.Count;

    public bool IsDone => NewReady.Count >= Target && OldActive == 0;

    /// <summary>
    /// Begins the step for an app of <paramref name="target"/> instances. <paramref name="alreadyNew"/> are instances of
    /// the target version that exist already (a forced deployment's leftovers) and are healthy and ready; they count as
    /// started. A resident app takes one kill more instead of the one instance of temporary over-capacity.
    /// </summary>
    public static (RollingReplacement State, ReplacementDecision Decision) Start(
        int target,
        UpgradeStrategy strategy,
        IReadOnlyList<OldInstance> old,
        IReadOnlyList<InstanceId>? alreadyNew = null,
        bool resident = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        var minHealthy = (int)Math.Ceiling(target * strategy.MinimumHealthCapacity);
        var maxCapacity = (int)Math.Floor(target * (1 + strategy.MaximumOverCapacity));
        var ready = (alreadyNew ?? []).ToImmutableHashSet();
        var healthyCount = old.Count(o => o.Healthy) + ready.Count;
        var killNow = Math.Max(0, healthyCount - minHealthy);
        if (minHealthy == maxCapacity && maxCapacity <= healthyCount)
        {
            if (resident)
            {
                killNow = healthyCount - minHealthy + 1;
            }
            else
            {
                maxCapacity++;
            }
        }

        killNow = Math.Max(killNow, old.Count + ready.Count - target);
        var state = new RollingReplacement
        {
            Target = target,
            MinHealthy = minHealthy,
            MaxCapacity = maxCapacity,
            OldToKill = old.OrderBy(o => o.Healthy).Select(o => o.Id).ToImmutableList(),
            OldHealthy = old.Where(o => o.Healthy).Select(o => o.Id).ToImmutableHashSet(),
            Started = ready.Count,
            NewReady = ready,
        };

        var (afterKill, kills) = state.KillOld(killNow);
        var (afterLaunch, launch) = afterKill.LaunchMore();
        return (afterLaunch, new ReplacementDecision(kills, launch));
    }

    /// <summary>A new instance became healthy and ready: kill one more old instance.</summary>
    public (RollingReplacement State, ReplacementDecision Decision) OnNewReady(InstanceId instance)
    {
        if (NewReady.Contains(instance))
        {
            return (this, ReplacementDecision.Nothing);
        }

        var (state, kills) = (this with { NewReady = NewReady.Add(instance) }).KillOld(1);
        return (state, new ReplacementDecision(kills, 0));
    }

    /// <summary>A new instance stopped being healthy or ready (or died; the launch queue relaunches it, it is not started again).</summary>
    public RollingReplacement OnNewNotReady(InstanceId instance) => this with { NewReady = NewReady.Remove(instance) };

    /// <summary>An old instance stopped being healthy; it moves to the front of the kill order.</summary>
    public RollingReplacement OnOldUnhealthy(InstanceId instance) =>
        OldToKill.Contains(instance)
            ? this with { OldHealthy = OldHealthy.Remove(instance), OldToKill = OldToKill.Remove(instance).Insert(0, instance) }
            : this with { OldHealthy = OldHealthy.Remove(instance) };

    /// <summary>An old instance reached a terminal state (killed by the step or on its own): launch again.</summary>
    public (RollingReplacement State, ReplacementDecision Decision) OnOldTerminal(InstanceId instance)
    {
        if (!OldDying.Contains(instance) && !OldToKill.Contains(instance))
        {
            return (this, ReplacementDecision.Nothing);
        }

        var state = this with
        {
            OldDying = OldDying.Remove(instance),
            OldToKill = OldToKill.Remove(instance),
            OldHealthy = OldHealthy.Remove(instance),
        };
        var (next, launch) = state.LaunchMore();
        return (next, new ReplacementDecision([], launch));
    }

    private (RollingReplacement State, IReadOnlyList<InstanceId> Kills) KillOld(int count)
    {
        var kills = OldToKill.Take(Math.Max(0, count)).ToArray();
        if (kills.Length == 0)
        {
            return (this, []);
        }

        return (this with
        {
            OldToKill = OldToKill.RemoveRange(0, kills.Length),
            OldDying = OldDying.Union(kills),
            OldHealthy = OldHealthy.Except(kills),
        }, kills);
    }

    private (RollingReplacement State, int Launch) LaunchMore()
    {
        var launch = Math.Min(Target - Started, Math.Max(0, MaxCapacity - OldActive - Started));
        launch = Math.Max(0, launch);
        return (this with { Started = Started + launch }, launch);
    }
}
