namespace Drydock.Services.Placement;

/// <summary>
/// What is left of one reservation role's resources in an offer: scalars in thousandths and the free port ranges
/// (sorted, disjoint, inclusive). Mutable; owned by one <see cref="OfferBudget"/> during one round.
/// </summary>
internal sealed class RoleSlice(string role)
{
    public string Role { get; } = role;

    public long Cpus { get; set; }

    public long Mem { get; set; }

    public long Disk { get; set; }

    public long Gpus { get; set; }

    public List<(long Begin, long End)> Ports { get; } = [];

    public long FreePorts => Ports.Sum(r => r.End - r.Begin + 1);

    public bool IsEmpty => Cpus == 0 && Mem == 0 && Disk == 0 && Gpus == 0 && Ports.Count == 0;

    public bool HasPort(long port) => IndexOf(port) >= 0;

    /// <summary>Takes one free port out of its range (splitting it); false when the port is not free here.</summary>
    public bool RemovePort(long port)
    {
        var at = IndexOf(port);
        if (at < 0)
        {
            return false;
        }

        var (begin, end) = Ports[at];
        Ports.RemoveAt(at);
        if (port < end)
        {
            Ports.Insert(at, (port + 1, end));
        }

        if (begin < port)
        {
            Ports.Insert(at, (begin, port - 1));
        }

        return true;
    }

    private int IndexOf(long port)
    {
        var low = 0;
        var high = Ports.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var (begin, end) = Ports[middle];
            if (port < begin)
            {
                high = middle - 1;
            }
            else if (port > end)
            {
                low = middle + 1;
            }
            else
            {
                return middle;
            }
        }

        return -1;
    }
}
