using Drydock.Protocol.Maintenance;

namespace Drydock.Protocol.Operator;

/// <summary>A v1 operator API response: <c>{"type":"GET_X","get_x":{...}}</c>; exactly one payload is set.</summary>
public sealed record OperatorResponse(string Type)
{
    public GetHealthPayload? GetHealth { get; init; }

    public GetVersionPayload? GetVersion { get; init; }

    public GetFlagsPayload? GetFlags { get; init; }

    public GetMaintenanceSchedulePayload? GetMaintenanceSchedule { get; init; }

    public GetMaintenanceStatusPayload? GetMaintenanceStatus { get; init; }
}

/// <summary><c>get_health</c>.</summary>
public sealed record GetHealthPayload(bool Healthy);

/// <summary><c>get_version</c>.</summary>
public sealed record GetVersionPayload(VersionInfo VersionInfo);

/// <summary><c>get_flags</c>.</summary>
public sealed record GetFlagsPayload(IReadOnlyList<FlagValue> Flags);

/// <summary>One flag of <c>get_flags</c>.</summary>
public sealed record FlagValue(string Name, string Value);

/// <summary><c>get_maintenance_schedule</c>.</summary>
public sealed record GetMaintenanceSchedulePayload(MaintenanceSchedule Schedule);

/// <summary><c>get_maintenance_status</c>.</summary>
public sealed record GetMaintenanceStatusPayload(ClusterStatus Status);
