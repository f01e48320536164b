using ValueTypeKind = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Protocol.Resources;

/// <summary>Arithmetic on resource lists, per name and role: sums, differences and containment.</summary>
public static class ResourceMath
{
    /// <summary>One resource per name and role: scalars summed, ranges and sets merged.</summary>
    public static IReadOnlyList<Resource> Merge(IEnumerable<Resource> resources) => resources
        .GroupBy(r => (r.Name, r.Role))
        .Select(g => new Resource(g.Key.Name, g.First().Value.Type switch
        {
            ValueTypeKind.SCALAR => Value.OfScalar(g.Sum(r => r.Value.Scalar)),
            ValueTypeKind.RANGES => Value.OfRanges(g.SelectMany(r => r.Value.Ranges)),
            ValueTypeKind.SET => Value.OfSet(g.SelectMany(r => r.Value.Set)),
            _ => g.First().Value,
        }, g.Key.Role))
        .ToArray();

    /// <summary><paramref name="total"/> less <paramref name="taken"/>; what is left empty (zero, no ranges, no items) is dropped.</summary>
    public static IReadOnlyList<Resource> Subtract(IEnumerable<Resource> total, IEnumerable<Resource> taken)
    {
        var minus = Merge(taken).ToDictionary(r => (r.Name, r.Role));
        var left = new List<Resource>();
        foreach (var resource in Merge(total))
        {
            var value = resource.Value;
            if (minus.TryGetValue((resource.Name, resource.Role), out var less))
            {
                value = value.Type switch
                {
                    ValueTypeKind.SCALAR => Value.OfScalar(Math.Max(0, value.Scalar - less.Value.Scalar)),
                    ValueTypeKind.RANGES => Value.OfRanges(SubtractRanges(value.Ranges, less.Value.Ranges)),
                    ValueTypeKind.SET => Value.OfSet(value.Set.Except(less.Value.Set, StringComparer.Ordinal)),
                    _ => value,
                };
            }

            if (!IsEmpty(value))
            {
                left.Add(resource with { Value = value });
            }
        }

        return left;
    }

    /// <summary>True when every resource of <paramref name="part"/> is within <paramref name="whole"/>.</summary>
    public static bool Contains(IEnumerable<Resource> whole, IEnumerable<Resource> part)
    {
        var have = Merge(whole).ToDictionary(r => (r.Name, r.Role));
        foreach (var need in Merge(part))
        {
            if (!have.TryGetValue((need.Name, need.Role), out var got) || got.Value.Type != need.Value.Type)
            {
                return false;
            }

            var fits = need.Value.Type switch
            {
                ValueTypeKind.SCALAR => got.Value.Scalar + 1e-9 >= need.Value.Scalar,
                ValueTypeKind.RANGES => need.Value.Ranges.All(r => got.Value.Ranges.Any(g => g.Begin <= r.Begin && r.End <= g.End)),
                ValueTypeKind.SET => need.Value.Set.All(got.Value.Set.Contains),
                _ => got.Value.Format() == need.Value.Format(),
            };
            if (!fits)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The scalar amount of a named resource across roles (0 when absent).</summary>
    public static double Scalar(IEnumerable<Resource> resources, string name) =>
        resources.Where(r => r.Name == name && r.Value.Type == ValueTypeKind.SCALAR).Sum(r => r.Value.Scalar);

    private static bool IsEmpty(Value value) => value.Type switch
    {
        ValueTypeKind.SCALAR => value.Scalar <= 0,
        ValueTypeKind.RANGES => value.Ranges.Count == 0,
        ValueTypeKind.SET => value.Set.Count == 0,
        _ => false,
    };

    private static List<ValueRange> SubtractRanges(IReadOnlyList<ValueRange> from, IReadOnlyList<ValueRange> remove)
    {
        var current = from.ToList();
        foreach (var cut in remove)
        {
            var next = new List<ValueRange>();
            foreach (var range in current)
            {
                if (cut.End < range.Begin || cut.Begin > range.End)
                {
                    next.Add(range);
                    continue;
                }

                if (cut.Begin > range.Begin)
                {
                    next.Add(new ValueRange(range.Begin, cut.Begin - 1));
                }

                if (cut.End < range.End)
                {
                    next.Add(new ValueRange(cut.End + 1, range.End));
                }
            }

            current = next;
        }

        return current;
    }
}
