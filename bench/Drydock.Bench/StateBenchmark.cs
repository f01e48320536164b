using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drydock.Master.Frameworks;
using Drydock.Master.Registry;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.DependencyInjection;

namespace Drydock.Bench;

/// <summary>
/// A master in this process with 10,000 agents registered through its registry (each admission written to the
/// SQLite registry, as over the channel), 100 frameworks and 100,000 running tasks in its books. It times the
/// admissions, then <c>GET /state</c> and the operator API's <c>GET_STATE</c> over real HTTP on loopback. The agents
/// are not processes: their channels are stand-ins that drop what the master sends.
/// </summary>
internal static class StateBenchmark
{
    private const int Agents = 10_000;
    private const int Frameworks = 100;
    private const int Tasks = 100_000;
    private const int Runs = 5;

    public static async Task<string> RunAsync()
    {
        await using var master = await InProcessMaster.StartAsync();
        var services = master.Services;
        var registry = services.GetRequiredService<AgentRegistry>();
        var offers = services.GetRequiredService<OfferBook>();
        var registered = await master.RegisterAgentsAsync(Agents, ResourceParser.Parse("cpus:64;mem:262144;disk:1000000;ports:[31000-32000]").Value!, inFlight: 1);
        var ids = registry.Agents.Keys.Order(StringComparer.Ordinal).ToList();

        var frameworks = services.GetRequiredService<FrameworkRegistry>();
        var tasks = services.GetRequiredService<TaskBook>();
        var frameworkIds = new List<string>();
        for (var f = 0; f < Frameworks; f++)
        {
            var framework = frameworks.Subscribe(new FrameworkInfo { User = "root", Name = $"sim-framework-{f}", Checkpoint = true });
            await offers.SuppressAsync(framework.Id, CancellationToken.None);
            frameworkIds.Add(framework.Id);
        }

        var taskResources = ResourceParser.Parse("cpus:0.1;mem:32").Value!;
        for (var t = 0; t < Tasks; t++)
        {
            var frameworkId = frameworkIds[t % Frameworks];
            var task = new TaskInfoMessage { TaskId = $"task-{t:000000}", Name = $"task-{t}", AgentId = ids[t % ids.Count], Resources = taskResources };
            tasks.Launched(frameworkId, task, 1);
            tasks.Update(frameworkId, new TaskStatusMessage(task.TaskId, "TASK_RUNNING", "SOURCE_EXECUTOR", task.AgentId, 2, "u", null, null));
        }

        using var http = new HttpClient { BaseAddress = new Uri(master.Host.Url + "/"), Timeout = TimeSpan.FromMinutes(5) };
        var state = await TimeAsync(() => http.GetByteArrayAsync("state"));
        var getState = await TimeAsync(async () =>
        {
            using var reply = await http.PostAsync("api/v1", new StringContent("""{"type":"GET_STATE"}""", Encoding.UTF8, "application/json"));
            return await reply.Content.ReadAsByteArrayAsync();
        });
        var heap = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
        var memory = Environment.WorkingSet / (1024.0 * 1024.0);

        var text = new StringBuilder();
        text.AppendLine("# State figures at scale");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine("Command: `dotnet run -c Release --project bench/Drydock.Bench -- state bench/results/state.md`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"A master in the benchmark's process; {Agents:N0} agents registered through its registry (each admission committed to SQLite with `synchronous=FULL`, as over the channel; the channels are stand-ins), {Frameworks} frameworks, {Tasks:N0} running tasks. HTTP on loopback; {Runs} runs each.");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| register {Agents:N0} agents, one after another | {registered.TotalSeconds:0.0} s ({Agents / registered.TotalSeconds:0} agents/s) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| `GET /state` | median {state.Median:0} ms, max {state.Max:0} ms, {state.Bytes / (1024.0 * 1024.0):0.0} MiB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| `GET_STATE` (`POST /api/v1`) | median {getState.Median:0} ms, max {getState.Max:0} ms, {getState.Bytes / (1024.0 * 1024.0):0.0} MiB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| managed heap after a full collection, all of it loaded | {heap:0} MiB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| process working set (includes the freed reply buffers the GC keeps) | {memory:0} MiB |");
        return text.ToString();
    }

    private static async Task<(double Median, double Max, long Bytes)> TimeAsync(Func<Task<byte[]>> call)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var run = 0; run < Runs; run++)
        {
            var watch = Stopwatch.StartNew();
            bytes = (await call()).Length;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[^1], bytes);
    }
}
