using System.Text.Json;

namespace Drydock.Protocol.Maintenance;

/// <summary>Reads the maintenance messages from proto-JSON, field by field as Mesos does.</summary>
public static class MaintenanceJson
{
    /// <summary>Parses a <c>maintenance.Schedule</c> body.</summary>
    public static ParseResult<MaintenanceSchedule> ParseSchedule(ReadOnlyMemory<byte> body) =>
        ProtoJson.Parse(body, JsonValueKind.Object, e => ProtoObject.ReadRoot(e, ReadSchedule));

    /// <summary>Parses a JSON array of <c>MachineID</c>, the body of <c>/machine/down</c> and <c>/machine/up</c>.</summary>
    public static ParseResult<IReadOnlyList<MachineId>> ParseMachineList(ReadOnlyMemory<byte> body) =>
        ProtoJson.Parse(body, JsonValueKind.Array, e => ProtoObject.ReadArray(e, ReadMachine));

    /// <summary>Parses a <c>maintenance.ClusterStatus</c>, as <c>/maintenance/status</c> answers.</summary>
    public static ParseResult<ClusterStatus> ParseClusterStatus(ReadOnlyMemory<byte> body) =>
        ProtoJson.Parse(body, JsonValueKind.Object, e => ProtoObject.ReadRoot(e, ReadClusterStatus));

    internal static ClusterStatus ReadClusterStatus(ProtoObject status) => new(
        status.Repeated("draining_machines", m => new DrainingMachine(
            m.Message("id") is { } id ? ReadMachine(id) : new MachineId(null, null),
            m.Repeated("statuses", ReadInverseOfferStatus))),
        status.Repeated("down_machines", ReadMachine));

    internal static MaintenanceSchedule ReadSchedule(ProtoObject schedule) =>
        new(schedule.Repeated("windows", ReadWindow));

    internal static MachineId ReadMachine(ProtoObject machine) =>
        new(machine.String("hostname"), machine.String("ip"));

    internal static IReadOnlyList<MachineId> ReadMachines(ProtoObject call) =>
        call.Repeated("machines", ReadMachine);

    private static InverseOfferStatus ReadInverseOfferStatus(ProtoObject status) => new(
        status.Enum<InverseOfferAnswer>("status") ?? InverseOfferAnswer.UNKNOWN,
        new Operator.IdValue(status.Message("framework_id")?.String("value") ?? string.Empty),
        new TimeInfo(status.Message("timestamp")?.Int64("nanoseconds") ?? 0));

    private static MaintenanceWindow ReadWindow(ProtoObject window)
    {
        var machines = window.Repeated("machine_ids", ReadMachine);
        var unavailability = window.Message("unavailability") is { } u ? ReadUnavailability(u) : null;
        window.Require("unavailability", unavailability is not null);
        return new MaintenanceWindow(machines, unavailability ?? Placeholder);
    }

    internal static Unavailability ReadUnavailability(ProtoObject unavailability)
    {
        var start = unavailability.Message("start") is { } s ? new TimeInfo(ReadNanoseconds(s)) : null;
        var duration = unavailability.Message("duration") is { } d ? new DurationInfo(ReadNanoseconds(d)) : null;
        unavailability.Require("start", start is not null);
        return new Unavailability(start ?? new TimeInfo(0), duration);
    }

    private static long ReadNanoseconds(ProtoObject time)
    {
        var nanoseconds = time.Int64("nanoseconds");
        time.Require("nanoseconds", nanoseconds is not null);
        return nanoseconds ?? 0;
    }

    // Stands in for a missing required field while the rest is read; the missing field fails the whole parse.
    private static readonly Unavailability Placeholder = new(new TimeInfo(0));
}
