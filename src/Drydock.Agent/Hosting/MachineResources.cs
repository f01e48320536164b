using Drydock.Protocol.Resources;

namespace Drydock.Agent.Hosting;

/// <summary>
/// What the machine has, for resources the operator did not give: cpus from the processor count, mem from physical
/// memory less 1 GB for the system (at least half), disk from the work dir's file system less 5 GB (at least half),
/// and ports 31000-32000, as Mesos does.
/// </summary>
internal sealed record MachineResources(double Cpus, double MemMb, double DiskMb)
{
    public static MachineResources Detect(string workDir)
    {
        var memMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024.0);
        double diskMb;
        try
        {
            Directory.CreateDirectory(workDir);
            diskMb = new DriveInfo(Path.GetFullPath(workDir)).TotalSize / (1024.0 * 1024.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            diskMb = 0;
        }

        return new MachineResources(Environment.ProcessorCount, memMb, diskMb);
    }

    public IReadOnlyList<Resource> FillUndetected(IReadOnlyList<Resource> given, string defaultRole)
    {
        var names = given.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var filled = given.ToList();
        void Add(string name, Value value)
        {
            if (!names.Contains(name))
            {
                filled.Add(new Resource(name, value, defaultRole));
            }
        }

        Add("cpus", Value.OfScalar(Cpus));
        Add("mem", Value.OfScalar(Math.Floor(MemMb >= 2048 ? MemMb - 1024 : MemMb / 2)));
        Add("disk", Value.OfScalar(Math.Floor(DiskMb >= 10240 ? DiskMb - 5120 : DiskMb / 2)));
        Add("ports", Value.OfRanges([new ValueRange(31000, 32000)]));
        return filled;
    }
}
