namespace Drydock.Master.Allocation;

/// <summary>
/// Names (roles, or frameworks of one role) ordered by a share that changes as grants are made: smallest share first,
/// ties by name (ordinal). Setting a share costs O(log n); finding the first eligible name costs one step per
/// ineligible name before it.
/// </summary>
internal sealed class ShareQueue
{
    private readonly SortedSet<(double Share, string Name)> _order = new(ShareOrder.Instance);
    private readonly Dictionary<string, double> _shares = new(StringComparer.Ordinal);

    public void Set(string name, double share)
    {
        if (_shares.TryGetValue(name, out var old))
        {
            _order.Remove((old, name));
        }

        _shares[name] = share;
        _order.Add((share, name));
    }

    /// <summary>Walks the names in order and returns the first thing <paramref name="choose"/> makes of one; null when it makes nothing of any.</summary>
    public T? First<T>(Func<string, T?> choose)
        where T : class
    {
        foreach (var (_, name) in _order)
        {
            if (choose(name) is { } chosen)
            {
                return chosen;
            }
        }

        return null;
    }

    private sealed class ShareOrder : IComparer<(double Share, string Name)>
    {
        public static readonly ShareOrder Instance = new();

        public int Compare((double Share, string Name) x, (double Share, string Name) y)
        {
            var byShare = x.Share.CompareTo(y.Share);
            return byShare != 0 ? byShare : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
