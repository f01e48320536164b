using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;
using ValueType = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Agent.Recovery;

/// <summary>
/// Decides whether a restarted agent may keep its id: compares the checkpointed agent info with the one built
/// from the current flags under a reconfiguration policy. Returns every difference that breaks the policy.
/// </summary>
internal static class AgentInfoCompatibility
{
    public static IReadOnlyList<string> Check(AgentInfo old, AgentInfo current, ReconfigurationPolicy policy)
    {
        var problems = new List<string>();
        if (!string.Equals(old.Hostname, current.Hostname, StringComparison.Ordinal))
        {
            problems.Add($"hostname changed from '{old.Hostname}' to '{current.Hostname}'");
        }

        if (old.Port != current.Port)
        {
            problems.Add($"port changed from {old.Port} to {current.Port}");
        }

        if (policy == ReconfigurationPolicy.Equal)
        {
            if (!SameResources(old.Resources, current.Resources))
            {
                problems.Add("resources changed");
            }

            if (!SameAttributes(old.Attributes, current.Attributes))
            {
                problems.Add("attributes changed");
            }

            return problems;
        }

        foreach (var resource in ResourceMath.Merge(old.Resources))
        {
            var now = ResourceMath.Merge(current.Resources).FirstOrDefault(r => r.Name == resource.Name && r.Role == resource.Role);
            if (now is null || !Contains(now.Value, resource.Value))
            {
                problems.Add($"resource {resource.Name}({resource.Role}) shrank or was removed");
            }
        }

        foreach (var attribute in old.Attributes)
        {
            var now = current.Attributes.FirstOrDefault(a => a.Name == attribute.Name);
            if (now is null)
            {
                problems.Add($"attribute '{attribute.Name}' was removed");
            }
            else if (now.Value.Type != attribute.Value.Type)
            {
                problems.Add($"attribute '{attribute.Name}' changed type");
            }
            else if (attribute.Value.Type == ValueType.RANGES ? !Contains(now.Value, attribute.Value) : now.Value.Format() != attribute.Value.Format())
            {
                problems.Add($"attribute '{attribute.Name}' changed value");
            }
        }

        return problems;
    }

    private static bool SameResources(IReadOnlyList<Resource> a, IReadOnlyList<Resource> b) =>
        Canonical(ResourceMath.Merge(a)).SequenceEqual(Canonical(ResourceMath.Merge(b)));

    private static bool SameAttributes(IReadOnlyList<Protocol.Resources.Attribute> a, IReadOnlyList<Protocol.Resources.Attribute> b) =>
        a.Select(x => $"{x.Name}={x.Value.Type}:{x.Value.Format()}").Order(StringComparer.Ordinal)
            .SequenceEqual(b.Select(x => $"{x.Name}={x.Value.Type}:{x.Value.Format()}").Order(StringComparer.Ordinal));

    private static IEnumerable<string> Canonical(IEnumerable<Resource> resources) =>
        resources.Select(r => $"{r.Name}({r.Role})={r.Value.Type}:{r.Value.Format()}").Order(StringComparer.Ordinal);

    private static bool Contains(Value outer, Value inner) => inner.Type switch
    {
        ValueType.SCALAR => outer.Type == ValueType.SCALAR && outer.Scalar >= inner.Scalar,
        ValueType.RANGES => outer.Type == ValueType.RANGES && inner.Ranges.All(r => outer.Ranges.Any(o => o.Begin <= r.Begin && r.End <= o.End)),
        ValueType.SET => outer.Type == ValueType.SET && inner.Set.All(outer.Set.Contains),
        _ => outer.Format() == inner.Format(),
    };
}
