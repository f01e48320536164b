using System.Text.Json.Serialization;
using Drydock.Agent.Tasks;

namespace Drydock.Agent;

/// <summary>Source-generated JSON for the agent's own checkpoints (not Mesos contracts).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(TaskLaunch))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
