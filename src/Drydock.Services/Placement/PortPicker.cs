namespace Drydock.Services.Placement;

/// <summary>
/// Chooses an instance's host ports from an offer's free ranges: with <c>requirePorts</c> a defined port is taken as it
/// is; every other one is drawn uniformly at random among the free ports (Floyd's sampling: k draws, no rejection loop,
/// however full the ranges are), so that instances on one agent and restarts do not fight over the low end.
/// </summary>
internal static class PortPicker
{
    /// <summary>The ports, one per port definition in order, each with the role it came from; removed from the slices.</summary>
    public static IReadOnlyList<(long Port, string Role)> Take(RoleSlice[] slices, ResourceDemand demand, Random random)
    {
        var chosen = new (long Port, string Role)[demand.Ports.Count];
        var open = new List<int>();
        for (var i = 0; i < demand.Ports.Count; i++)
        {
            var port = demand.Ports[i];
            if (demand.RequirePorts && port != 0)
            {
                var slice = slices.First(s => s.HasPort(port));
                slice.RemovePort(port);
                chosen[i] = (port, slice.Role);
            }
            else
            {
                open.Add(i);
            }
        }

        if (open.Count == 0)
        {
            return chosen;
        }

        var free = slices.Sum(s => s.FreePorts);
        var indices = new HashSet<long>();
        var drawn = new List<long>(open.Count);
        for (var j = free - open.Count; j < free; j++)
        {
            var pick = random.NextInt64(j + 1);
            var index = indices.Add(pick) ? pick : j;
            indices.Add(index);
            drawn.Add(index);
        }

        // Map each index to its port before removing any, since removal shifts the numbering.
        var ports = drawn.Select(index => PortAt(slices, index)).ToArray();
        for (var k = 0; k < open.Count; k++)
        {
            var (port, slice) = ports[k];
            slice.RemovePort(port);
            chosen[open[k]] = (port, slice.Role);
        }

        return chosen;
    }

    private static (long Port, RoleSlice Slice) PortAt(RoleSlice[] slices, long index)
    {
        foreach (var slice in slices)
        {
            foreach (var (begin, end) in slice.Ports)
            {
                var size = end - begin + 1;
                if (index < size)
                {
                    return (begin + index, slice);
                }

                index -= size;
            }
        }

        throw new InvalidOperationException("A port index beyond the free ports.");
    }
}
