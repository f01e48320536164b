using System.Text.Json.Serialization;

namespace Drydock.Client.Marathon;

/// <summary>
/// Readers of the <c>/v2</c> replies, generated at build time. Members the records do not name are skipped, so a newer
/// server's extra fields do no harm.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(MarathonReplies.AppsReply))]
[JsonSerializable(typeof(MarathonReplies.AppReply))]
[JsonSerializable(typeof(MarathonReplies.TasksReply))]
[JsonSerializable(typeof(MarathonReplies.TaskReply))]
[JsonSerializable(typeof(MarathonReplies.QueueReply))]
[JsonSerializable(typeof(List<MarathonDeployment>))]
[JsonSerializable(typeof(MarathonApp))]
[JsonSerializable(typeof(DeploymentResult))]
[JsonSerializable(typeof(MarathonInfo))]
internal sealed partial class MarathonJsonContext : JsonSerializerContext;
