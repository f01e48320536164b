using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Persistence;

/// <summary>A machine under maintenance as the registry keeps it; UP machines are never stored.</summary>
internal sealed record MachineInfo(MachineId Id, MachineMode Mode, Unavailability? Unavailability);
