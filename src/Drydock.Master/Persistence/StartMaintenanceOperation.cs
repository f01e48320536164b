using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Persistence;

/// <summary>Takes DRAINING machines DOWN (<c>/machine/down</c>).</summary>
internal sealed record StartMaintenanceOperation(IReadOnlyList<MachineId> MachineIds) : RegistryOperation
{
    public override string Name => "StartMaintenance";

    public override DurableState Apply(DurableState state)
    {
        var machines = state.Machines.ToBuilder();
        foreach (var id in MachineIds)
        {
            machines[id] = machines[id] with { Mode = MachineMode.DOWN };
        }

        return state with { Machines = machines.ToImmutable() };
    }
}
