using System.Text;
using System.Text.Json;
using Drydock.Services.Deployments;
using static Drydock.Services.Tests.Deployments.TestApps;

namespace Drydock.Services.Tests.Deployments;

public sealed class DeploymentJsonTests
{
    [Fact]
    public void WriteDeployment_BeforeTheFirstStep_StepZeroAndNoCurrentActions()
    {
        var plan = DeploymentPlanner.Plan(Set(), Set(App("/a", 2)), "6b2f0c4e-0000-4000-8000-000000000001", T0);

        using var json = Parse(w => DeploymentJson.WriteDeployment(w, new RunningDeployment(plan)));

        var root = json.RootElement;
        Assert.Equal(
            ["id", "version", "affectedApps", "affectedPods", "steps", "currentActions", "currentStep", "totalSteps"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2024-03-01T12:00:00.000Z", root.GetProperty("version").GetString());
        Assert.Equal("/a", root.GetProperty("affectedApps")[0].GetString());
        Assert.Equal(0, root.GetProperty("affectedPods").GetArrayLength());
        Assert.Equal(0, root.GetProperty("currentStep").GetInt32());
        Assert.Equal(2, root.GetProperty("totalSteps").GetInt32());
        Assert.Equal(0, root.GetProperty("currentActions").GetArrayLength());
        Assert.Equal("""[{"actions":[{"action":"StartApplication","app":"/a"}]},{"actions":[{"action":"ScaleApplication","app":"/a"}]}]""", root.GetProperty("steps").GetRawText());
    }

    [Fact]
    public void WriteDeployment_OnAStep_CurrentActionsWithReadinessResults()
    {
        var plan = DeploymentPlanner.Plan(Set(), Set(App("/a", 2)), "d", T0);
        IReadOnlyList<ReadinessCheckResult> results =
        [
            new("readinessCheck", "a.instance-1._app.1", false, new ReadinessHttpResponse(503, "text/plain", "warming")),
            new("readinessCheck", "a.instance-2._app.1", true),
        ];

        using var json = Parse(w => DeploymentJson.WriteDeployment(w, new RunningDeployment(plan, 2), _ => results));

        var action = json.RootElement.GetProperty("currentActions")[0];
        Assert.Equal(2, json.RootElement.GetProperty("currentStep").GetInt32());
        Assert.Equal("ScaleApplication", action.GetProperty("action").GetString());
        Assert.Equal(
            """[{"name":"readinessCheck","taskId":"a.instance-1._app.1","ready":false,"lastResponse":{"status":503,"contentType":"text/plain","body":"warming"}},{"name":"readinessCheck","taskId":"a.instance-2._app.1","ready":true}]""",
            action.GetProperty("readinessCheckResults").GetRawText());
    }

    [Fact]
    public void WritePlan_HeavyShape_AppsNestedInGroupsWithNoEnforceRole()
    {
        var original = Set(App("/web", 1));
        var target = Set(App("/web", 1), App("/prod/db/main", version: T0.AddMinutes(1)), App("/prod/api", version: T0.AddMinutes(1)));
        var plan = DeploymentPlanner.Plan(original, target, "p", T0.AddMinutes(1));

        using var json = Parse(w => DeploymentJson.WritePlan(w, plan, (writer, app) =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", app.Id.Value);
            writer.WriteEndObject();
        }));

        var root = json.RootElement;
        Assert.Equal(["id", "original", "target", "steps", "version"], root.EnumerateObject().Select(p => p.Name));
        var targetGroup = root.GetProperty("target");
        Assert.Equal(["id", "apps", "groups", "pods", "dependencies", "version"], targetGroup.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/", targetGroup.GetProperty("id").GetString());
        Assert.Equal("""[{"id":"/web"}]""", targetGroup.GetProperty("apps").GetRawText());
        var prod = targetGroup.GetProperty("groups")[0];
        Assert.Equal("/prod", prod.GetProperty("id").GetString());
        Assert.Equal("""[{"id":"/prod/api"}]""", prod.GetProperty("apps").GetRawText());
        Assert.Equal("/prod/db", prod.GetProperty("groups")[0].GetProperty("id").GetString());
        Assert.Equal("""[{"id":"/prod/db/main"}]""", prod.GetProperty("groups")[0].GetProperty("apps").GetRawText());
        Assert.Equal(0, root.GetProperty("original").GetProperty("groups").GetArrayLength());
        Assert.Equal("2024-03-01T12:00:00.000Z", root.GetProperty("original").GetProperty("version").GetString());
        Assert.Equal("2024-03-01T12:01:00.000Z", targetGroup.GetProperty("version").GetString());
    }

    [Fact]
    public void WriteStep_IsTheEventsCurrentStepObject()
    {
        var step = new DeploymentStep([DeploymentAction.Restart(App("/a"))]);

        using var json = Parse(w => DeploymentJson.WriteStep(w, step));

        Assert.Equal("""{"actions":[{"action":"RestartApplication","app":"/a"}]}""", json.RootElement.GetRawText());
    }

    [Fact]
    public void FormatTime_AnyOffset_UtcWithMilliseconds()
    {
        Assert.Equal("2024-03-01T10:00:00.120Z", DeploymentJson.FormatTime(new DateTimeOffset(2024, 3, 1, 12, 0, 0, 120, TimeSpan.FromHours(2))));
    }

    private static JsonDocument Parse(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
