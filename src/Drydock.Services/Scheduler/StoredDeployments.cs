using System.Text;
using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Instances;
using Drydock.Services.Persistence;

namespace Drydock.Services.Scheduler;

/// <summary>
/// A running deployment as stored: its id, version and step, the original and target apps of the changed ids, the apps it
/// restarts and the instances it kills. A restarted scheduler plans it again from these (plans are deterministic) and
/// resumes it at its step; each action begins again from the instances as they are, which every action allows.
/// </summary>
internal static class StoredDeployments
{
    public static StoredDeployment Write(RunningDeployment deployment)
    {
        var plan = deployment.Plan;
        var affected = plan.AffectedApps.ToHashSet();
        var body = MarathonJson.ToBytes(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", plan.Id);
            writer.WriteNumber("version_ms", plan.Version.ToUnixTimeMilliseconds());
            writer.WriteNumber("current_step", deployment.CurrentStep);
            WriteApps(writer, "original", plan.Original.Values.Where(a => affected.Contains(a.Id)));
            WriteApps(writer, "target", plan.Target.Values.Where(a => affected.Contains(a.Id)));
            writer.WriteStartArray("restarts");
            foreach (var action in plan.Steps.SelectMany(s => s.Actions).Where(a => a.Kind == DeploymentActionKind.RestartApplication))
            {
                writer.WriteStringValue(action.AppId.Value);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("to_kill");
            foreach (var action in plan.Steps.SelectMany(s => s.Actions).Where(a => a.InstancesToKill.Count > 0))
            {
                writer.WriteStartArray(action.AppId.Value);
                foreach (var id in action.InstancesToKill)
                {
                    writer.WriteStringValue(id.Value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return new StoredDeployment(plan.Id, Encoding.UTF8.GetString(body));
    }

    /// <summary>
    /// The deployment planned again over <paramref name="current"/> (the apps not in it are as they are now), at its
    /// stored step; null when its body cannot be read.
    /// </summary>
    public static RunningDeployment? Read(AppReader reader, StoredDeployment stored, IReadOnlyDictionary<PathId, AppDefinition> current)
    {
        try
        {
            using var document = JsonDocument.Parse(stored.Body);
            var root = document.RootElement;
            var original = current.Where(a => true).ToDictionary(a => a.Key, a => a.Value);
            var target = current.ToDictionary(a => a.Key, a => a.Value);
            var originalApps = ReadApps(reader, root.GetProperty("original"));
            var targetApps = ReadApps(reader, root.GetProperty("target"));
            foreach (var app in originalApps.Concat(targetApps))
            {
                original.Remove(app.Id);
                target.Remove(app.Id);
            }

            foreach (var app in originalApps)
            {
                original[app.Id] = app;
            }

            foreach (var app in targetApps)
            {
                target[app.Id] = app;
            }

            var restarts = root.GetProperty("restarts").EnumerateArray().Select(e => PathId.Parse(e.GetString()!)).ToHashSet();
            var toKill = root.GetProperty("to_kill").EnumerateObject().ToDictionary(
                p => PathId.Parse(p.Name),
                p => (IReadOnlyList<InstanceId>)p.Value.EnumerateArray().Select(e => new InstanceId(e.GetString()!)).ToArray());
            var plan = DeploymentPlanner.Plan(original, target, root.GetProperty("id").GetString()!, DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("version_ms").GetInt64()), restarts, toKill);
            return new RunningDeployment(plan, Math.Min(root.GetProperty("current_step").GetInt32(), plan.Steps.Count));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void WriteApps(Utf8JsonWriter writer, string name, IEnumerable<AppDefinition> apps)
    {
        writer.WriteStartArray(name);
        foreach (var app in apps)
        {
            writer.WriteStartObject();
            writer.WriteNumber("version_ms", app.Version.ToUnixTimeMilliseconds());
            writer.WritePropertyName("app");
            writer.WriteRawValue(StoredApps.Write(app));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static List<AppDefinition> ReadApps(AppReader reader, JsonElement array)
    {
        var apps = new List<AppDefinition>();
        foreach (var entry in array.EnumerateArray())
        {
            var app = entry.GetProperty("app");
            var stored = new StoredAppVersion(PathId.Parse(app.GetProperty("id").GetString()!), DateTimeOffset.FromUnixTimeMilliseconds(entry.GetProperty("version_ms").GetInt64()), app.GetRawText());
            apps.Add(StoredApps.Read(reader, stored) ?? throw new FormatException("A stored app of a deployment cannot be read."));
        }

        return apps;
    }
}
