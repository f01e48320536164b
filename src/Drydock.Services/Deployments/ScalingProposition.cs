using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Deployments;

/// <summary>
/// Which instances go and how many come when an app's count changes (marathon.md §8.2). Counted are the instances
/// with goal Running that are not UnreachableInactive. The number to kill is max(counted − target, named). Victims:
/// the named ones first, then ones that even out GROUP_BY constraints, then the rest by condition (Unreachable,
/// Staging, Starting, Running, anything else) and, within a condition, by time as <c>killSelection</c> says.
/// </summary>
internal static class ScalingProposition
{
    public static ScalingDecision Decide(AppDefinition app, IReadOnlyList<Instance> instances, int target, IReadOnlyList<InstanceId>? named = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        var counted = instances.Where(Counts).ToArray();
        var namedSet = (named ?? []).ToHashSet();
        var namedVictims = counted.Where(i => namedSet.Contains(i.Id)).OrderBy(i => IndexOf(named!, i.Id)).ToArray();
        var killCount = Math.Max(counted.Length - target, namedVictims.Length);
        if (killCount <= 0)
        {
            return new ScalingDecision([], target - counted.Length);
        }

        var victims = new List<Instance>(namedVictims);
        var rest = Ordered(counted.Where(i => !namedSet.Contains(i.Id)), app.KillSelection).ToList();
        var groupBy = app.Constraints.Where(c => c.Operator == ConstraintOperator.GroupBy).ToArray();
        while (victims.Count < killCount && groupBy.Length > 0)
        {
            var next = EveningVictim(rest, groupBy);
            if (next is null)
            {
                break;
            }

            victims.Add(next);
            rest.Remove(next);
        }

        victims.AddRange(rest.Take(killCount - victims.Count));
        return new ScalingDecision(victims, Math.Max(0, target - (counted.Length - victims.Count)));
    }

    /// <summary>Whether an instance counts towards the app's instance count.</summary>
    public static bool Counts(Instance instance) => instance.Goal == InstanceGoal.Running && !instance.UnreachableInactive;

    /// <summary>The order victims are taken in: by condition weight, then by time as <paramref name="selection"/> says, then by id.</summary>
    public static IEnumerable<Instance> Ordered(IEnumerable<Instance> instances, KillSelection selection)
    {
        var byWeight = instances.OrderBy(Weight);
        var byTime = selection == KillSelection.YoungestFirst
            ? byWeight.ThenByDescending(TimeOf)
            : byWeight.ThenBy(TimeOf);
        return byTime.ThenBy(i => i.Id.Value, StringComparer.Ordinal);
    }

    /// <summary>Unreachable 1, Staging 2, Starting 3, Running 4, anything else (scheduled, killing, …) 5.</summary>
    private static int Weight(Instance instance) => instance switch
    {
        { State: TaskStates.Unreachable } => 1,
        { UnreachableSince: not null } => 1,
        { State: TaskStates.Staging } => 2,
        { State: TaskStates.Starting } => 3,
        { State: TaskStates.Running } => 4,
        _ => 5,
    };

    /// <summary>Staging by stagedAt, Starting by when it entered Starting, otherwise by startedAt. Unknown times count as the youngest.</summary>
    private static DateTimeOffset TimeOf(Instance instance) => instance.State switch
    {
        TaskStates.Staging => instance.StagedAt,
        TaskStates.Starting => instance.StartingAt ?? instance.StagedAt,
        _ => instance.StartedAt ?? instance.StagedAt,
    } ?? DateTimeOffset.MaxValue;

    /// <summary>
    /// The first instance (in kill order) of the largest group of the first GROUP_BY constraint whose groups are
    /// uneven, or null when every constraint is even.
    /// </summary>
    private static Instance? EveningVictim(List<Instance> rest, IReadOnlyList<Constraint> groupBy)
    {
        foreach (var constraint in groupBy)
        {
            var groups = rest.GroupBy(i => FieldValue(i, constraint.Field)).ToArray();
            if (groups.Length == 0)
            {
                continue;
            }

            var largest = groups.Max(g => g.Count());
            var smallest = groups.Min(g => g.Count());
            if (largest > smallest)
            {
                // The ordered list keeps its order inside each group, so the group's first element is its best victim.
                return groups.Where(g => g.Count() == largest).Select(g => g.First()).First();
            }
        }

        return null;
    }

    private static string FieldValue(Instance instance, string field) => field switch
    {
        "hostname" or "@hostname" => instance.Hostname ?? "",
        _ => instance.AgentAttributes.GetValueOrDefault(field.TrimStart('@')) ?? instance.AgentAttributes.GetValueOrDefault(field) ?? "",
    };

    private static int IndexOf(IReadOnlyList<InstanceId> ids, InstanceId id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }

        return -1;
    }
}
