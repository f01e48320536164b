namespace Drydock.Protocol.Resources;

/// <summary>
/// Resources and attributes as the v0 state endpoints show them: flat objects keyed by name. Scalars are summed
/// across roles and are numbers; ranges and sets are merged and written as strings (<c>"[31000-32000]"</c>,
/// <c>"{a, b}"</c>); <c>cpus</c>, <c>gpus</c>, <c>mem</c> and <c>disk</c> are always present.
/// </summary>
public static class StateFormat
{
    private static readonly string[] AlwaysPresent = ["cpus", "gpus", "mem", "disk"];

    public static IReadOnlyDictionary<string, object> Resources(IEnumerable<Resource> resources)
    {
        var flat = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var name in AlwaysPresent)
        {
            flat[name] = 0.0;
        }

        foreach (var group in resources.GroupBy(r => r.Name))
        {
            var type = group.First().Value.Type;
            flat[group.Key] = type switch
            {
                ValueType.SCALAR => Value.RoundScalar(group.Sum(r => r.Value.Scalar)),
                ValueType.RANGES => Value.OfRanges(group.SelectMany(r => r.Value.Ranges)).Format(),
                ValueType.SET => Value.OfSet(group.SelectMany(r => r.Value.Set)).Format(),
                _ => group.First().Value.Format(),
            };
        }

        return flat;
    }

    public static IReadOnlyDictionary<string, object> Attributes(IEnumerable<Attribute> attributes)
    {
        var flat = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            flat[attribute.Name] = attribute.Value.Type == ValueType.SCALAR ? attribute.Value.Scalar : attribute.Value.Format();
        }

        return flat;
    }
}
