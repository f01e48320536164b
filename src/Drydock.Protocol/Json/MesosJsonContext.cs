using System.Text.Json;
using System.Text.Json.Serialization;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Operator;
using Drydock.Protocol.Scheduler;
using Drydock.Protocol.State;

namespace Drydock.Protocol;

/// <summary>Source-generated metadata for every contract Drydock writes or reads with System.Text.Json.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(FiniteDoubleConverter)])]
[JsonSerializable(typeof(MachineId))]
[JsonSerializable(typeof(MaintenanceSchedule))]
[JsonSerializable(typeof(ClusterStatus))]
[JsonSerializable(typeof(IReadOnlyList<MachineId>))]
[JsonSerializable(typeof(OperatorResponse))]
[JsonSerializable(typeof(MasterState))]
[JsonSerializable(typeof(MasterStateSummary))]
[JsonSerializable(typeof(AgentsResponse))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(FlagsResponse))]
[JsonSerializable(typeof(SchedulerEvent))]
[JsonSerializable(typeof(FrameworksResponse))]
[JsonSerializable(typeof(TasksResponse))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class MesosJsonContext : JsonSerializerContext;
