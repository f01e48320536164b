namespace Drydock.Services.Placement;

/// <summary>
/// The app's instances counted by the value of one constraint's field: those already placed (active) and those placed
/// in this round. Counting is O(1) per instance, and so is every question a constraint asks of it, including the size of
/// the smallest group (kept as a histogram of group sizes), so a round over many offers never rescans the instances.
/// </summary>
internal sealed class ConstraintTally
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _groupsOfSize = [];

    /// <summary>Every instance counted, with or without a value for the field.</summary>
    public int Placed { get; private set; }

    /// <summary>Whether the first instance counted had a value, and which: CLUSTER without a value follows it.</summary>
    public string? FirstValue { get; private set; }

    /// <summary>The number of distinct values seen.</summary>
    public int Groups => _counts.Count;

    /// <summary>The instance count of the smallest group (0 when there is none).</summary>
    public int SmallestGroup { get; private set; }

    public int CountOf(string value) => _counts.TryGetValue(value, out var count) ? count : 0;

    public void Add(string? value)
    {
        if (Placed == 0)
        {
            FirstValue = value;
        }

        Placed++;
        if (value is null)
        {
            return;
        }

        var before = CountOf(value);
        _counts[value] = before + 1;
        if (before > 0)
        {
            _groupsOfSize[before]--;
        }

        _groupsOfSize[before + 1] = _groupsOfSize.GetValueOrDefault(before + 1) + 1;
        if (before == 0)
        {
            SmallestGroup = 1;
        }
        else if (before == SmallestGroup && _groupsOfSize[before] == 0)
        {
            SmallestGroup = before + 1;
        }
    }
}
