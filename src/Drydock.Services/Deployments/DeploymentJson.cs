using System.Globalization;
using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Deployments;

/// <summary>
/// The JSON shapes of deployments: the entries of <c>GET /v2/deployments</c> (marathon.md §5) and the "heavy" plan of
/// the deployment events (§7), whose <c>original</c> and <c>target</c> are root groups holding the apps. App JSON is
/// the Apps room's, passed in as a writer; apps inside groups carry no counts or deployments.
/// </summary>
internal static class DeploymentJson
{
    /// <summary>One entry of <c>GET /v2/deployments</c>; <paramref name="readiness"/> gives the results shown under a current action.</summary>
    public static void WriteDeployment(Utf8JsonWriter writer, RunningDeployment deployment, Func<DeploymentAction, IReadOnlyList<ReadinessCheckResult>>? readiness = null)
    {
        var plan = deployment.Plan;
        writer.WriteStartObject();
        writer.WriteString("id", plan.Id);
        writer.WriteString("version", FormatTime(plan.Version));
        writer.WriteStartArray("affectedApps");
        foreach (var app in plan.AffectedApps)
        {
            writer.WriteStringValue(app.Value);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("affectedPods");
        writer.WriteEndArray();
        WriteSteps(writer, plan);
        writer.WriteStartArray("currentActions");
        foreach (var action in deployment.CurrentActions)
        {
            writer.WriteStartObject();
            WriteActionMembers(writer, action);
            writer.WriteStartArray("readinessCheckResults");
            foreach (var result in readiness?.Invoke(action) ?? [])
            {
                WriteReadiness(writer, result);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("currentStep", deployment.CurrentStep);
        writer.WriteNumber("totalSteps", plan.Steps.Count);
        writer.WriteEndObject();
    }

    /// <summary>The heavy plan <c>{id, original, target, steps, version}</c> that [PY] needs in the deployment events.</summary>
    public static void WritePlan(Utf8JsonWriter writer, DeploymentPlan plan, Action<Utf8JsonWriter, AppDefinition> writeApp)
    {
        writer.WriteStartObject();
        writer.WriteString("id", plan.Id);
        writer.WritePropertyName("original");
        var originalVersion = plan.Original.Count == 0 ? plan.Version : plan.Original.Values.Max(a => a.Version);
        WriteGroup(writer, PathId.Root, plan.Original, originalVersion, writeApp);
        writer.WritePropertyName("target");
        WriteGroup(writer, PathId.Root, plan.Target, plan.Version, writeApp);
        WriteSteps(writer, plan);
        writer.WriteString("version", FormatTime(plan.Version));
        writer.WriteEndObject();
    }

    /// <summary>A step as the events' <c>currentStep</c> object: <c>{"actions":[{"action","app"}]}</c>.</summary>
    public static void WriteStep(Utf8JsonWriter writer, DeploymentStep step)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("actions");
        foreach (var action in step.Actions)
        {
            writer.WriteStartObject();
            WriteActionMembers(writer, action);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Marathon's timestamp form: UTC with three fractional digits and a <c>Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteSteps(Utf8JsonWriter writer, DeploymentPlan plan)
    {
        writer.WriteStartArray("steps");
        foreach (var step in plan.Steps)
        {
            WriteStep(writer, step);
        }

        writer.WriteEndArray();
    }

    private static void WriteActionMembers(Utf8JsonWriter writer, DeploymentAction action)
    {
        writer.WriteString("action", action.Kind.ToString());
        writer.WriteString("app", action.AppId.Value);
    }

    private static void WriteReadiness(Utf8JsonWriter writer, ReadinessCheckResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("name", result.Name);
        writer.WriteString("taskId", result.TaskId);
        writer.WriteBoolean("ready", result.Ready);
        if (result.LastResponse is { } response)
        {
            writer.WriteStartObject("lastResponse");
            writer.WriteNumber("status", response.Status);
            writer.WriteString("contentType", response.ContentType);
            writer.WriteString("body", response.Body);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary><c>{"id","apps","groups","pods":[],"dependencies":[],"version"}</c>, with no <c>enforceRole</c> ([PY] refuses it).</summary>
    private static void WriteGroup(Utf8JsonWriter writer, PathId group, IReadOnlyDictionary<PathId, AppDefinition> apps, DateTimeOffset version, Action<Utf8JsonWriter, AppDefinition> writeApp)
    {
        writer.WriteStartObject();
        writer.WriteString("id", group.Value);
        writer.WriteStartArray("apps");
        foreach (var app in apps.Values.Where(a => a.Id.Parent == group).OrderBy(a => a.Id.Value, StringComparer.Ordinal))
        {
            writeApp(writer, app);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("groups");
        foreach (var child in ChildGroups(group, apps.Keys))
        {
            WriteGroup(writer, child, apps, version, writeApp);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("pods");
        writer.WriteEndArray();
        writer.WriteStartArray("dependencies");
        writer.WriteEndArray();
        writer.WriteString("version", FormatTime(version));
        writer.WriteEndObject();
    }

    /// <summary>The groups directly under <paramref name="group"/> that hold some app, sorted.</summary>
    private static IEnumerable<PathId> ChildGroups(PathId group, IEnumerable<PathId> appIds)
    {
        var depth = group.Segments.Count;
        return appIds
            .Where(id => id.Segments.Count > depth + 1 && id.IsUnder(group))
            .Select(id => PathId.FromSegments(id.Segments.Take(depth + 1)))
            .Distinct()
            .OrderBy(id => id.Value, StringComparer.Ordinal);
    }
}
