using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Drydock.Protocol.Scheduler;

namespace Drydock.Bench;

/// <summary>
/// End-to-end launch figures through the scheduler API: a release-built master and three agent processes on
/// 127.0.0.2-4, one framework that accepts every offer with as many tasks as fit and acknowledges every update.
/// Measures ACCEPT to TASK_RUNNING for 1,000 short (<c>true</c>) and 1,000 long (<c>sleep 600</c>) shell tasks, the
/// supervisors' memory, and how long an agent restarted with <c>kill -9</c> takes to recover its running tasks and
/// re-register with all of them.
/// </summary>
internal static class LaunchBenchmark
{
    private const int TasksPerPhase = 1000;
    private const int TasksPerAccept = 50;

    public static async Task<string> RunAsync()
    {
        var root = Directory.CreateTempSubdirectory("drydock-launch-bench-");
        await using var master = await MasterUnderTest.StartAsync("--allocation-interval", "100ms");
        var agents = new List<Process>();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                agents.Add(StartAgent(master.Url, root.FullName, i));
            }

            await WaitForAgentsAsync(master.Url, 3);
            await using var framework = await Framework.SubscribeAsync(master.Url);
            var cpu = CpuNow(master, agents);
            var shortRun = await framework.LaunchAsync("short", "true", TasksPerPhase, waitForEnd: true);
            var cpuShort = CpuNow(master, agents);
            var longRun = await framework.LaunchAsync("long", "sleep 600", TasksPerPhase, waitForEnd: false);
            var cpuLong = CpuNow(master, agents);

            var supervisors = Directory.EnumerateFiles(root.FullName, "supervisor.pid", SearchOption.AllDirectories)
                .Select(f => int.Parse(File.ReadAllText(f), CultureInfo.InvariantCulture))
                .Select(ProcessStats.RssKiB).Where(k => k > 0).Order().ToArray();

            // kill -9 the agent with the most running tasks, start it again, and time its recovery.
            var busiest = Enumerable.Range(0, 3).MaxBy(i => Directory.EnumerateFiles(Path.Combine(root.FullName, $"agent-{i + 1}"), "task.info", SearchOption.AllDirectories).Count(f => !File.Exists(Path.Combine(Path.GetDirectoryName(f)!, "reported"))));
            var running = Directory.EnumerateFiles(Path.Combine(root.FullName, $"agent-{busiest + 1}"), "task.info", SearchOption.AllDirectories).Count(f => !File.Exists(Path.Combine(Path.GetDirectoryName(f)!, "reported")));
            agents[busiest].Kill(entireProcessTree: false);
            await agents[busiest].WaitForExitAsync();
            var restart = Stopwatch.StartNew();
            var reregistered = new TaskCompletionSource();
            agents[busiest] = StartAgent(master.Url, root.FullName, busiest + 1, line =>
            {
                if (line.Contains("Re-registered with master", StringComparison.Ordinal))
                {
                    reregistered.TrySetResult();
                }
            });
            await reregistered.Task.WaitAsync(TimeSpan.FromMinutes(2));
            var recovery = restart.Elapsed;
            var stillRunning = await CountRunningAsync(master.Url);

            await framework.TeardownAsync();
            await WaitForSupervisorsAsync(root.FullName, TimeSpan.FromMinutes(2));

            var text = new StringBuilder();
            text.AppendLine("# End-to-end launch figures");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
            text.AppendLine("Command: `dotnet build -c Release Drydock.slnx && dotnet run -c Release --project bench/Drydock.Bench -- launch bench/results/launch.md`");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"One release-built master and three agent processes (127.0.0.2-4) on this machine; one framework accepts each offer with up to {TasksPerAccept} tasks (0.01 cpus, 1 MB each) and acknowledges every update. Latency is from sending ACCEPT to receiving the task's TASK_RUNNING; throughput is tasks over the time from the first ACCEPT to the last TASK_RUNNING.");
            text.AppendLine();
            text.AppendLine("| Tasks | Count | Tasks/s to RUNNING | p50 ms | p99 ms | max ms | All ended after s |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            text.AppendLine(shortRun.Row());
            text.AppendLine(longRun.Row());
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"CPU used by the Drydock processes (user + system): short phase master {cpuShort.Master - cpu.Master:0.0} s, agents {cpuShort.Agents - cpu.Agents:0.0} s; long phase master {cpuLong.Master - cpuShort.Master:0.0} s, agents {cpuLong.Agents - cpuShort.Agents:0.0} s.");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Supervisor memory (RSS of each task's supervising shell, {supervisors.Length} sampled): median {Median(supervisors) / 1024.0:0.00} MiB, max {(supervisors.Length > 0 ? supervisors[^1] : 0) / 1024.0:0.00} MiB.");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Agent restart: `kill -9` of an agent running {running} tasks, then a new agent process on the same work dir: re-registered with the master, every task re-adopted and reported, {recovery.TotalSeconds:0.00} s after the process started (includes .NET start-up). Tasks still TASK_RUNNING in the master afterwards: {stillRunning} of {TasksPerPhase}.");
            return text.ToString();
        }
        finally
        {
            foreach (var agent in agents)
            {
                if (!agent.HasExited)
                {
                    agent.Kill(entireProcessTree: true);
                    await agent.WaitForExitAsync();
                }

                agent.Dispose();
            }

            KillLeftovers(root.FullName);
            root.Delete(recursive: true);
        }
    }

    private static (double Master, double Agents) CpuNow(MasterUnderTest master, List<Process> agents) =>
        (master.CpuSeconds(), agents.Sum(a => ProcessStats.CpuSeconds(a.Id)));

    private static Process StartAgent(Uri master, string root, int n, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            MasterUnderTest.DrydockDll(), "agent", "--master", master.Authority, "--ip", $"127.0.0.{n + 1}", "--hostname", $"bench-{n}",
            "--work-dir", Path.Combine(root, $"agent-{n}"), "--resources", "cpus:64;mem:65536;disk:10000;ports:[31000-32000]",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAgentsAsync(Uri master, int count)
    {
        using var http = new HttpClient { BaseAddress = master };
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            using var state = JsonDocument.Parse(await http.GetStringAsync("slaves"));
            if (state.RootElement.GetProperty("slaves").GetArrayLength() == count)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("agents did not register");
    }

    private static async Task<int> CountRunningAsync(Uri master)
    {
        using var http = new HttpClient { BaseAddress = master };
        using var tasks = JsonDocument.Parse(await http.GetStringAsync("tasks?limit=-1"));
        return tasks.RootElement.GetProperty("tasks").EnumerateArray().Count(t => t.GetProperty("state").GetString() == "TASK_RUNNING");
    }

    private static async Task WaitForSupervisorsAsync(string root, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && LivingSupervisors(root).Any())
        {
            await Task.Delay(200);
        }
    }

    private static IEnumerable<int> LivingSupervisors(string root) =>
        Directory.EnumerateFiles(root, "supervisor.pid", SearchOption.AllDirectories)
            .Where(f => !File.Exists(Path.Combine(Path.GetDirectoryName(f)!, "exit_status")))
            .Select(f => int.Parse(File.ReadAllText(f), CultureInfo.InvariantCulture))
            .Where(pid => Directory.Exists($"/proc/{pid}"));

    private static void KillLeftovers(string root)
    {
        foreach (var pidFile in Directory.EnumerateFiles(root, "task.pid", SearchOption.AllDirectories))
        {
            if (!File.Exists(Path.Combine(Path.GetDirectoryName(pidFile)!, "exit_status")))
            {
                using var kill = Process.Start("kill", ["-KILL", "-" + File.ReadAllText(pidFile).Trim()]);
                kill.WaitForExit();
            }
        }
    }

    private static double Median(long[] sorted) => sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];

    private sealed record PhaseResult(string Name, int Count, double TasksPerSecond, double[] LatenciesMs, double EndedAfterSeconds)
    {
        public string Row()
        {
            var sorted = LatenciesMs.Order().ToArray();
            double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            var ended = double.IsNaN(EndedAfterSeconds) ? "(still running)" : EndedAfterSeconds.ToString("0.00", CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"| {Name} | {Count} | {TasksPerSecond:0} | {At(0.5):0.0} | {At(0.99):0.0} | {sorted[^1]:0.0} | {ended} |");
        }
    }

    /// <summary>A scheduler on the v1 API: one subscription, events read on a background loop.</summary>
    private sealed class Framework : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly HttpResponseMessage _subscription;
        private readonly string _id;
        private readonly string _streamId;
        private readonly System.Threading.Channels.Channel<JsonElement> _offers = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();
        private readonly ConcurrentDictionary<string, (long Sent, long Running, long Ended)> _tasks = new();
        private readonly Task _reader;

        private Framework(HttpClient http, HttpResponseMessage subscription, string id, string streamId, IAsyncEnumerator<byte[]> events)
        {
            _http = http;
            _subscription = subscription;
            _id = id;
            _streamId = streamId;
            _reader = ReadAsync(events);
        }

        public static async Task<Framework> SubscribeAsync(Uri master)
        {
            var http = new HttpClient { BaseAddress = master, Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/scheduler")
            {
                Content = new StringContent("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"launch-bench","roles":["*"],"checkpoint":true,"failover_timeout":3600}}}""", Encoding.UTF8, "application/json"),
            };
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var events = RecordIo.ReadAsync(await response.Content.ReadAsStreamAsync()).GetAsyncEnumerator();
            await events.MoveNextAsync();
            using var subscribed = JsonDocument.Parse(events.Current);
            var id = subscribed.RootElement.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
            return new Framework(http, response, id, response.Headers.GetValues("Mesos-Stream-Id").Single(), events);
        }

        public async Task<PhaseResult> LaunchAsync(string prefix, string command, int count, bool waitForEnd)
        {
            var launched = 0;
            var start = Stopwatch.GetTimestamp();
            while (launched < count)
            {
                var offer = await _offers.Reader.ReadAsync();
                var batch = Math.Min(TasksPerAccept, count - launched);
                var ids = Enumerable.Range(launched, batch).Select(i => $"{prefix}-{i}").ToArray();
                launched += batch;
                var now = Stopwatch.GetTimestamp();
                foreach (var id in ids)
                {
                    _tasks[id] = (now, 0, 0);
                }

                await CallAsync(AcceptJson(offer, ids, command));
            }

            var deadline = DateTime.UtcNow.AddMinutes(5);
            var ids2 = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToArray();
            while (ids2.Any(id => _tasks[id].Running == 0 || (waitForEnd && _tasks[id].Ended == 0)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{prefix}: {ids2.Count(id => _tasks[id].Running == 0)} tasks never reached TASK_RUNNING");
                }

                await Task.Delay(20);
            }

            var records = ids2.Select(id => _tasks[id]).ToArray();
            var lastRunning = records.Max(r => r.Running);
            var latencies = records.Select(r => Stopwatch.GetElapsedTime(r.Sent, r.Running).TotalMilliseconds).ToArray();
            var perSecond = count / Stopwatch.GetElapsedTime(start, lastRunning).TotalSeconds;
            var ended = waitForEnd ? Stopwatch.GetElapsedTime(start, records.Max(r => r.Ended)).TotalSeconds : double.NaN;
            return new PhaseResult(prefix == "short" ? "short (`true`)" : "long (`sleep 600`)", count, perSecond, latencies, ended);
        }

        public Task TeardownAsync() => CallAsync($$$"""{"type":"TEARDOWN","framework_id":{"value":"{{{_id}}}"}}""");

        public async ValueTask DisposeAsync()
        {
            _subscription.Dispose();
            _http.Dispose();
            try
            {
                await _reader;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }

        private string AcceptJson(JsonElement offer, string[] ids, string command)
        {
            var agent = offer.GetProperty("agent_id").GetRawText();
            var tasks = string.Join(",", ids.Select(id =>
                $$$"""{"name":"{{{id}}}","task_id":{"value":"{{{id}}}"},"agent_id":{{{agent}}},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.01}},{"name":"mem","type":"SCALAR","scalar":{"value":1}}],"command":{"value":"{{{command}}}","shell":true}}"""));
            return $$$"""{"type":"ACCEPT","framework_id":{"value":"{{{_id}}}"},"accept":{"offer_ids":[{{{offer.GetProperty("id").GetRawText()}}}],"operations":[{"type":"LAUNCH","launch":{"task_infos":[{{{tasks}}}]}}],"filters":{"refuse_seconds":0}}""" + "}";
        }

        private async Task CallAsync(string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/scheduler") { Content = new StringContent(json, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("Mesos-Stream-Id", _streamId);
            using var reply = await _http.SendAsync(request);
            if ((int)reply.StatusCode != 202)
            {
                throw new InvalidOperationException($"{(int)reply.StatusCode}: {await reply.Content.ReadAsStringAsync()}");
            }
        }

        private async Task ReadAsync(IAsyncEnumerator<byte[]> events)
        {
            while (await events.MoveNextAsync())
            {
                using var document = JsonDocument.Parse(events.Current);
                var root = document.RootElement;
                switch (root.GetProperty("type").GetString())
                {
                    case "OFFERS":
                        foreach (var offer in root.GetProperty("offers").GetProperty("offers").EnumerateArray())
                        {
                            _offers.Writer.TryWrite(offer.Clone());
                        }

                        break;
                    case "UPDATE":
                        var status = root.GetProperty("update").GetProperty("status");
                        var id = status.GetProperty("task_id").GetProperty("value").GetString()!;
                        var state = status.GetProperty("state").GetString();
                        var now = Stopwatch.GetTimestamp();
                        if (_tasks.TryGetValue(id, out var record))
                        {
                            _tasks[id] = state == "TASK_RUNNING" && record.Running == 0 ? record with { Running = now }
                                : state is "TASK_FINISHED" or "TASK_FAILED" or "TASK_KILLED" or "TASK_LOST" && record.Ended == 0 ? record with { Ended = now }
                                : record;
                        }

                        if (status.TryGetProperty("uuid", out var uuid))
                        {
                            var agent = status.GetProperty("agent_id").GetRawText();
                            _ = CallAsync($$$"""{"type":"ACKNOWLEDGE","framework_id":{"value":"{{{_id}}}"},"acknowledge":{"agent_id":{{{agent}}},"task_id":{"value":"{{{id}}}"},"uuid":"{{{uuid.GetString()}}}"}}""");
                        }

                        break;
                    default:
                        break;
                }
            }
        }
    }
}
