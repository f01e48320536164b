namespace Drydock.Protocol.Maintenance;

/// <summary>A DRAINING machine with the latest inverse-offer answers of its frameworks.</summary>
public sealed record DrainingMachine(MachineId Id, IReadOnlyList<InverseOfferStatus> Statuses);
