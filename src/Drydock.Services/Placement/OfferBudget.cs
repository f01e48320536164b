using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using ValueTypeKind = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Services.Placement;

/// <summary>
/// What is left of one offer for one app during a round: the resources of the app's accepted roles, one
/// <see cref="RoleSlice"/> per role in the order the demand takes them. <see cref="Check"/> says whether one more
/// instance fits and, if not, why; <see cref="Take"/> takes it. Resources of roles the app does not accept, and
/// resources read as invalid, are not counted.
/// </summary>
internal sealed class OfferBudget
{
    private readonly RoleSlice[] _slices;

    public OfferBudget(OfferMessage offer, ResourceDemand demand)
    {
        _slices = demand.AcceptedRoles.Select(role => new RoleSlice(role)).ToArray();
        var byRole = _slices.ToDictionary(s => s.Role, StringComparer.Ordinal);
        var ranges = new Dictionary<string, List<ValueRange>>(StringComparer.Ordinal);
        foreach (var resource in offer.Resources)
        {
            if (resource.Defect is not null || !byRole.TryGetValue(resource.Role, out var slice))
            {
                continue;
            }

            if (resource.Value.Type == ValueTypeKind.SCALAR)
            {
                var millis = ResourceDemand.Millis(resource.Value.Scalar);
                if (millis == long.MaxValue)
                {
                    continue;
                }

                switch (resource.Name)
                {
                    case "cpus": slice.Cpus += millis; break;
                    case "mem": slice.Mem += millis; break;
                    case "disk": slice.Disk += millis; break;
                    case "gpus": slice.Gpus += millis; break;
                }
            }
            else if (resource.Name == "ports" && resource.Value.Type == ValueTypeKind.RANGES)
            {
                if (!ranges.TryGetValue(resource.Role, out var list))
                {
                    ranges[resource.Role] = list = [];
                }

                list.AddRange(resource.Value.Ranges.Where(r => r.Begin >= 0 && r.Begin <= r.End && r.End <= ushort.MaxValue));
            }
        }

        foreach (var (role, list) in ranges)
        {
            byRole[role].Ports.AddRange(Value.Coalesce(list).Select(r => (r.Begin, r.End)));
        }

        AcceptedRoleOffered = _slices.Any(s => !s.IsEmpty);
    }

    /// <summary>Whether the offer held anything of a role the app accepts (else: UnfulfilledRole).</summary>
    public bool AcceptedRoleOffered { get; }

    /// <summary>Why one more instance does not fit; empty when it does.</summary>
    public ReasonSet Check(ResourceDemand demand)
    {
        var reasons = ReasonSet.None;
        if (_slices.Sum(s => s.Cpus) < demand.CpuMillis)
        {
            reasons = reasons.With(NoMatchReason.InsufficientCpus);
        }

        if (_slices.Sum(s => s.Mem) < demand.MemMillis)
        {
            reasons = reasons.With(NoMatchReason.InsufficientMemory);
        }

        if (_slices.Sum(s => s.Disk) < demand.DiskMillis)
        {
            reasons = reasons.With(NoMatchReason.InsufficientDisk);
        }

        if (_slices.Sum(s => s.Gpus) < demand.GpuMillis)
        {
            reasons = reasons.With(NoMatchReason.InsufficientGpus);
        }

        if (!PortsFit(demand))
        {
            reasons = reasons.With(NoMatchReason.InsufficientPorts);
        }

        return reasons;
    }

    /// <summary>Takes one instance's resources; call only after <see cref="Check"/> found it fits.</summary>
    public TakenResources Take(ResourceDemand demand, Random random)
    {
        var taken = new List<Resource>();
        TakeScalar("cpus", demand.CpuMillis, s => s.Cpus, (s, v) => s.Cpus = v, taken);
        TakeScalar("mem", demand.MemMillis, s => s.Mem, (s, v) => s.Mem = v, taken);
        TakeScalar("disk", demand.DiskMillis, s => s.Disk, (s, v) => s.Disk = v, taken);
        TakeScalar("gpus", demand.GpuMillis, s => s.Gpus, (s, v) => s.Gpus = v, taken);
        var ports = PortPicker.Take(_slices, demand, random);
        foreach (var group in ports.GroupBy(p => p.Role, StringComparer.Ordinal))
        {
            taken.Add(new Resource("ports", Value.OfRanges(group.Select(p => new ValueRange(p.Port, p.Port))), group.Key));
        }

        return new TakenResources(taken, ports.Select(p => (int)p.Port).ToArray());
    }

    private bool PortsFit(ResourceDemand demand)
    {
        var free = _slices.Sum(s => s.FreePorts);
        var needed = 0L;
        foreach (var port in demand.Ports)
        {
            if (demand.RequirePorts && port != 0)
            {
                if (!_slices.Any(s => s.HasPort(port)))
                {
                    return false;
                }

                free--;
            }
            else
            {
                needed++;
            }
        }

        return free >= needed;
    }

    private void TakeScalar(string name, long need, Func<RoleSlice, long> get, Action<RoleSlice, long> set, List<Resource> taken)
    {
        foreach (var slice in _slices)
        {
            if (need == 0)
            {
                return;
            }

            var amount = Math.Min(need, get(slice));
            if (amount > 0)
            {
                set(slice, get(slice) - amount);
                need -= amount;
                taken.Add(new Resource(name, Value.OfScalar(amount / 1000.0), slice.Role));
            }
        }
    }
}
