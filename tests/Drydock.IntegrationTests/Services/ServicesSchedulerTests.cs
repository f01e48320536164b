using System.Net;
using System.Text;
using System.Text.Json;

namespace Drydock.IntegrationTests.Services;

/// <summary><c>drydock services</c> with real agents: a real Marathon client, relocation after <c>/machine/down</c>, a restart of the scheduler.</summary>
public sealed class ServicesSchedulerTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static int Running(JsonElement app) => app.GetProperty("app").GetProperty("tasksRunning").GetInt32();

    private static bool Settled(JsonElement app, int running) =>
        Running(app) == running && app.GetProperty("app").GetProperty("deployments").GetArrayLength() == 0;

    [Fact]
    public async Task PythonMarathonClient_CreateScaleRestartKillDelete_ThroughTheMastersServicePath()
    {
        await using var cluster = await ServiceCluster.StartAsync(agents: 2);

        var output = await cluster.PythonAsync("""
            import os, time
            from marathon import MarathonClient
            from marathon.models import MarathonApp
            c = MarathonClient(os.environ['MASTER'] + '/service/marathon')
            def wait(check, what):
                for _ in range(300):
                    if check(): return
                    time.sleep(0.2)
                raise SystemExit('timed out waiting for ' + what)
            app = c.create_app('/svc/web', MarathonApp(cmd='sleep 600', cpus=0.1, mem=32, instances=2))
            assert len(app.deployments) == 1, app.deployments
            wait(lambda: c.get_app('/svc/web').tasks_running == 2 and not c.list_deployments(), 'two running')
            assert [a.id for a in c.list_apps()] == ['/svc/web']
            assert c.get_info().framework_id
            c.scale_app('/svc/web', 3)
            wait(lambda: c.get_app('/svc/web').tasks_running == 3 and not c.list_deployments(), 'three running')
            before = sorted(t.id for t in c.list_tasks('/svc/web'))
            c.restart_app('/svc/web')
            wait(lambda: not c.list_deployments() and c.get_app('/svc/web').tasks_running == 3 and not set(before) & set(t.id for t in c.list_tasks('/svc/web')), 'restarted')
            victim = c.list_tasks('/svc/web')[0]
            killed = c.kill_task('/svc/web', victim.id)
            assert killed.id == victim.id
            wait(lambda: c.get_app('/svc/web').tasks_running == 3 and victim.id not in [t.id for t in c.list_tasks('/svc/web')], 'relaunched after the kill')
            assert len(c.list_versions('/svc/web')) >= 3
            assert c.list_queue() == []
            c.delete_app('/svc/web', force=False)
            wait(lambda: c.list_apps() == [] and c.list_tasks() == [], 'deleted')
            print('ok')
            """);

        Assert.Equal("ok", output.Trim());
        var tasks = await cluster.GetAsync("v2/tasks");
        Assert.Equal(0, tasks.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task MachineDown_AgentOfTwoInstances_AppBackAtFullCountOnTheOtherAgents()
    {
        await using var cluster = await ServiceCluster.StartAsync(agents: 3);
        using (var created = await cluster.Http.PostAsync("v2/apps", Json("""{"id":"/keep","cmd":"sleep 600","cpus":0.1,"mem":32,"instances":4}"""), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var app = await cluster.WaitAsync("v2/apps/keep", a => Settled(a, 4));
        var host = app.GetProperty("app").GetProperty("tasks")[0].GetProperty("host").GetString()!;
        var ip = "127.0.0." + (int.Parse(host["agent-".Length..], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var master = new HttpClient { BaseAddress = cluster.Master };
        var machine = $$"""[{"hostname":"{{host}}","ip":"{{ip}}"}]""";
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        using (var schedule = await master.PostAsync("maintenance/schedule", Json("{\"windows\":[{\"machine_ids\":" + machine + ",\"unavailability\":{\"start\":{\"nanoseconds\":" + start.ToString(System.Globalization.CultureInfo.InvariantCulture) + "},\"duration\":{\"nanoseconds\":3600000000000}}}]}"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        }

        using (var down = await master.PostAsync("machine/down", Json(machine), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        }

        var back = await cluster.WaitAsync("v2/apps/keep", a =>
        {
            var tasks = a.GetProperty("app").GetProperty("tasks").EnumerateArray().ToArray();
            return tasks.Count(t => t.GetProperty("state").GetString() == "TASK_RUNNING" && t.GetProperty("host").GetString() != host) == 4;
        });

        Assert.Equal(4, back.GetProperty("app").GetProperty("instances").GetInt32());
        Assert.DoesNotContain(back.GetProperty("app").GetProperty("tasks").EnumerateArray(), t => t.GetProperty("host").GetString() == host);
    }

    [Fact]
    public async Task MaintenanceScheduled_InstanceMovedBeforeTheOldIsKilled_NeverBelowCapacityAndTheAgentGivenBack()
    {
        await using var cluster = await ServiceCluster.StartAsync(agents: 3);
        using (var created = await cluster.Http.PostAsync("v2/apps", Json("""{"id":"/move","cmd":"sleep 600","cpus":0.1,"mem":32,"instances":2}"""), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var app = await cluster.WaitAsync("v2/apps/move", a => Settled(a, 2));
        var task = app.GetProperty("app").GetProperty("tasks")[0];
        var host = task.GetProperty("host").GetString()!;
        var agentId = task.GetProperty("slaveId").GetString()!;
        var ip = "127.0.0." + (int.Parse(host["agent-".Length..], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var master = new HttpClient { BaseAddress = cluster.Master };
        var start = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000;
        var body = "{\"windows\":[{\"machine_ids\":[{\"hostname\":\"" + host + "\",\"ip\":\"" + ip + "\"}],\"unavailability\":{\"start\":{\"nanoseconds\":" + start.ToString(System.Globalization.CultureInfo.InvariantCulture) + "},\"duration\":{\"nanoseconds\":3600000000000}}}]}";
        using (var schedule = await master.PostAsync("maintenance/schedule", Json(body), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        }

        // Sampled while the move runs: the running count never falls below the app's 2 (minimumHealthCapacity 1).
        var lowest = int.MaxValue;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var now = await cluster.GetAsync("v2/apps/move");
            var tasks = now.GetProperty("app").GetProperty("tasks").EnumerateArray().ToArray();
            lowest = Math.Min(lowest, tasks.Count(t => t.GetProperty("state").GetString() == "TASK_RUNNING"));
            var verdicts = await cluster.GetAsync("drydock/maintenance");
            var given = verdicts.GetProperty("agents").EnumerateArray().Any(a => a.GetProperty("agentId").GetString() == agentId && a.GetProperty("accept").GetBoolean());
            if (given && tasks.Length == 2 && tasks.All(t => t.GetProperty("host").GetString() != host && t.GetProperty("state").GetString() == "TASK_RUNNING"))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the instance never moved: " + now.GetRawText() + verdicts.GetRawText());
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(lowest >= 2, $"running fell to {lowest}");
        // The master records the framework's answer for the agent.
        var answered = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string status;
        while (!(status = await master.GetStringAsync("maintenance/status", TestContext.Current.CancellationToken)).Contains("\"ACCEPT\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < answered, "the master never recorded an ACCEPT: " + status);
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task PythonMarathonClient_EventStreamThroughADeployment_MarathonsEventsInOrder()
    {
        await using var cluster = await ServiceCluster.StartAsync(agents: 1);

        var output = await cluster.PythonAsync("""
            import os, threading, time
            from marathon import MarathonClient
            from marathon.models import MarathonApp
            c = MarathonClient(os.environ['SERVICES'])
            seen = []
            done = threading.Event()
            def read():
                for event in c.event_stream():
                    seen.append(event.event_type)
                    if event.event_type == 'deployment_success':
                        done.set()
                        return
            threading.Thread(target=read, daemon=True).start()
            time.sleep(1)
            c.create_app('/ev', MarathonApp(cmd='sleep 600', cpus=0.1, mem=16, instances=1))
            if not done.wait(60):
                raise SystemExit('no deployment_success; seen: ' + ' '.join(seen))
            print(' '.join(seen))
            """);

        var seen = output.Trim().Split(' ');
        // Marathon's order for a new app (marathon.md §7): the StartApplication step, then the ScaleApplication step with
        // the task's updates inside it, then the deployment's success.
        string[] order = ["api_post_event", "group_change_success", "deployment_info", "deployment_step_success", "deployment_info", "status_update_event", "instance_changed_event", "deployment_step_success", "deployment_success"];
        var from = 0;
        foreach (var type in order)
        {
            var at = Array.IndexOf(seen, type, from);
            Assert.True(at >= 0, $"no {type} after position {from}: {output}");
            from = at + 1;
        }
    }

    [Fact]
    public async Task BadInput_MalformedJsonUnknownAppAndDuplicate_MarathonsAnswersAndNothingChanged()
    {
        await using var cluster = await ServiceCluster.StartAsync(agents: 1);

        using var malformed = await cluster.Http.PostAsync("v2/apps", Json("{\"id\":"), TestContext.Current.CancellationToken);
        using var wrongType = await cluster.Http.PostAsync("v2/apps", Json("""{"id":"/a","cmd":"sleep 1","instances":"two"}"""), TestContext.Current.CancellationToken);
        using var unknown = await cluster.Http.GetAsync("v2/apps/nope", TestContext.Current.CancellationToken);
        using var first = await cluster.Http.PostAsync("v2/apps", Json("""{"id":"/dup","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0}"""), TestContext.Current.CancellationToken);
        using var second = await cluster.Http.PostAsync("v2/apps", Json("""{"id":"/dup","cmd":"sleep 600","cpus":0.1,"mem":16,"instances":0}"""), TestContext.Current.CancellationToken);
        using var unknownDeployment = await cluster.Http.DeleteAsync("v2/deployments/0000", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("Invalid JSON", JsonDocument.Parse(await malformed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("message").GetString());
        Assert.Equal((HttpStatusCode)422, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("App '/nope' does not exist", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("An app with id [/dup] already exists.", JsonDocument.Parse(await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownDeployment.StatusCode);
        var apps = await cluster.GetAsync("v2/apps");
        Assert.Equal(["/dup"], apps.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }
}
