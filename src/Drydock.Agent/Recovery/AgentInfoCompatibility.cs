using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;
using ValueType = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Agent.Recovery;

/// <summary>
/// Decides whether a restarted agent may keep its id: compares the checkpointed agent info with the one built
/// from the current flags under a reconfiguration policy. Returns every difference that breaks the policy, one line
/// each, in the form an operator reads on a terminal: <c>attribute `rack`: `r1` -> `r2`</c>.
/// </summary>
internal static class AgentInfoCompatibility
{
    private const string None = "(none)";

    public static IReadOnlyList<string> Check(AgentInfo old, AgentInfo current, ReconfigurationPolicy policy)
    {
        var problems = new List<string>();
        if (!string.Equals(old.Hostname, current.Hostname, StringComparison.Ordinal))
        {
            problems.Add(Change("hostname", old.Hostname, current.Hostname));
        }

        if (old.Port != current.Port)
        {
            problems.Add(Change("port", old.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), current.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var oldResources = ResourceMath.Merge(old.Resources);
        var newResources = ResourceMath.Merge(current.Resources);
        foreach (var key in oldResources.Concat(newResources).Select(r => (r.Name, r.Role)).Distinct())
        {
            var before = oldResources.FirstOrDefault(r => r.Name == key.Name && r.Role == key.Role);
            var after = newResources.FirstOrDefault(r => r.Name == key.Name && r.Role == key.Role);
            var breaks = policy == ReconfigurationPolicy.Equal
                ? !SameValue(before?.Value, after?.Value)
                : before is not null && (after is null || !Contains(after.Value, before.Value));
            if (breaks)
            {
                var name = key.Role == "*" ? key.Name : $"{key.Name}({key.Role})";
                problems.Add(Change($"resource `{name}`", before?.Value.Format(), after?.Value.Format()));
            }
        }

        foreach (var name in old.Attributes.Concat(current.Attributes).Select(a => a.Name).Distinct(StringComparer.Ordinal))
        {
            var before = old.Attributes.FirstOrDefault(a => a.Name == name);
            var after = current.Attributes.FirstOrDefault(a => a.Name == name);
            var breaks = policy == ReconfigurationPolicy.Equal
                ? !SameValue(before?.Value, after?.Value)
                : before is not null && (after is null || after.Value.Type != before.Value.Type
                    || (before.Value.Type == ValueType.RANGES ? !Contains(after.Value, before.Value) : after.Value.Format() != before.Value.Format()));
            if (breaks)
            {
                problems.Add(Change($"attribute `{name}`", before?.Value.Format(), after?.Value.Format()));
            }
        }

        return problems;
    }

    private static string Change(string what, string? before, string? after) => $"{what}: `{before ?? None}` -> `{after ?? None}`";

    private static bool SameValue(Value? a, Value? b) =>
        a is null || b is null ? a is null && b is null : a.Type == b.Type && a.Format() == b.Format();

    private static bool Contains(Value outer, Value inner) => inner.Type switch
    {
        ValueType.SCALAR => outer.Type == ValueType.SCALAR && outer.Scalar >= inner.Scalar,
        ValueType.RANGES => outer.Type == ValueType.RANGES && inner.Ranges.All(r => outer.Ranges.Any(o => o.Begin <= r.Begin && r.End <= o.End)),
        ValueType.SET => outer.Type == ValueType.SET && inner.Set.All(outer.Set.Contains),
        _ => outer.Format() == inner.Format(),
    };
}
