using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Drydock.AgentProtocol.V1;
using Drydock.Bench.Simulation;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Operator;
using Drydock.Protocol.Resources;
using Google.Protobuf;

namespace Drydock.Bench.Fuzz;

/// <summary>
/// A long randomized bad-input run against one master process with simulated agents and a framework: requests per
/// endpoint family (v0, operator API, scheduler API, agent channel), mutated from valid ones with a fixed seed. It reports
/// requests and status codes per family, the 5xx (only 501 for call types Drydock does not serve is allowed), whether the
/// master restarted (its pid and <c>/state</c> start time), and its RSS before and after.
/// </summary>
internal static class FuzzBenchmark
{
    public const int DefaultRequests = 10_000;
    private const int Seed = 1010;
    private const int Concurrency = 16;
    private const int Chunk = 256;

    private static readonly string[] V0Reads =
    [
        "state", "slaves", "frameworks", "state-summary", "health", "flags", "version", "roles", "metrics/snapshot", "maintenance/schedule",
        "maintenance/status", "weights", "redirect", "state.json",
    ];

    private static readonly string[] BadQueryValues = ["-1", "0", "1e400", "NaN", "Infinity", "-0", "99999999999999999999", "", "x", "%00", "..", "/"];

    private static readonly string[] Prefixes = ["", "/master", "/mesos"];

    private static readonly HashSet<string> UnservedOperator = new(StringComparer.Ordinal)
    {
        "UNKNOWN", "SET_LOGGING_LEVEL", "LIST_FILES", "READ_FILE", "GET_OPERATIONS", "RESERVE_RESOURCES", "UNRESERVE_RESOURCES",
        "CREATE_VOLUMES", "DESTROY_VOLUMES", "GROW_VOLUME", "SHRINK_VOLUME", "GET_QUOTA", "UPDATE_QUOTA", "SET_QUOTA", "REMOVE_QUOTA",
    };

    private static readonly HashSet<string> UnservedScheduler = new(StringComparer.Ordinal)
    {
        "SHUTDOWN", "MESSAGE", "REQUEST", "ACKNOWLEDGE_OPERATION_STATUS", "RECONCILE_OPERATIONS", "UPDATE_FRAMEWORK",
    };

    private static readonly string[] SchedulerTypes =
    [
        "SUBSCRIBE", "TEARDOWN", "ACCEPT", "DECLINE", "REVIVE", "KILL", "SHUTDOWN", "ACKNOWLEDGE", "RECONCILE", "MESSAGE", "REQUEST",
        "SUPPRESS", "ACCEPT_INVERSE_OFFERS", "DECLINE_INVERSE_OFFERS", "ACKNOWLEDGE_OPERATION_STATUS", "RECONCILE_OPERATIONS", "UPDATE_FRAMEWORK",
    ];

    private const string Schedule =
        """{"windows":[{"machine_ids":[{"hostname":"fuzz-h1"},{"ip":"10.9.0.2"}],"unavailability":{"start":{"nanoseconds":1795551078298638600},"duration":{"nanoseconds":3600000000000}}}]}""";

    public static async Task<string> RunAsync(int requests)
    {
        var random = new Random(Seed);
        var mutator = new JsonMutator(random);
        await using var cluster = await Cluster.StartAsync(new ClusterOptions { MasterFlags = ["--allocation-interval", "200ms"] });
        await cluster.AddAgentsAsync(4, CancellationToken.None);
        var framework = await cluster.AddFrameworkAsync("fuzz", ["*"], CancellationToken.None);
        var master = cluster.Master;
        var pid = master.ProcessId;
        var startTime = await StartTimeAsync(cluster.Http);
        var rssBefore = master.RssMiB();
        var counts = new ConcurrentDictionary<(string Family, string Outcome), int>();
        var serverErrors = new ConcurrentQueue<string>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency * 2 }) { BaseAddress = master.Url, Timeout = TimeSpan.FromSeconds(60) };
        var started = DateTime.UtcNow;
        var took = new Dictionary<string, TimeSpan>();

        async Task Family(string name, Func<int, Func<Task<string>>> next)
        {
            var began = DateTime.UtcNow;
            for (var first = 0; first < requests; first += Chunk)
            {
                // Generated in order from the seeded Random, then sent Concurrency at a time.
                var chunk = Enumerable.Range(first, Math.Min(Chunk, requests - first)).Select(next).ToArray();
                await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (send, _) =>
                {
                    var outcome = await send();
                    counts.AddOrUpdate((name, outcome), 1, (_, n) => n + 1);
                });
            }

            took[name] = DateTime.UtcNow - began;
        }

        await Family("v0", i => V0(i, random, mutator, http, serverErrors));
        await Family("operator", i => Operator(random, mutator, http, cluster, serverErrors));
        await Family("scheduler", i => Scheduler(random, mutator, http, cluster, framework, serverErrors));
        await Family("agent channel", i => Channel(i, random, mutator, master.Url, cluster));

        var health = await http.GetAsync("health");
        var rssAfter = master.RssMiB();
        var startTimeAfter = master.HasExited ? double.NaN : await StartTimeAsync(cluster.Http);
        var restarts = master.HasExited || master.ProcessId != pid || startTimeAfter != startTime ? 1 : 0;
        return Report(requests, counts, serverErrors, took, DateTime.UtcNow - started, (int)health.StatusCode, restarts, pid, rssBefore, rssAfter, master);
    }

    private static Func<Task<string>> V0(int index, Random random, JsonMutator mutator, HttpClient http, ConcurrentQueue<string> errors)
    {
        var prefix = Prefixes[random.Next(Prefixes.Length)];
        switch (random.Next(6))
        {
            case 0 or 1:
                var path = prefix + "/" + V0Reads[random.Next(V0Reads.Length)];
                return () => SendAsync(http, HttpMethod.Get, path, null, null, [], null, errors);
            case 2:
                var query = $"{prefix}/tasks?limit={Uri.EscapeDataString(BadQueryValues[random.Next(BadQueryValues.Length)])}&offset={Uri.EscapeDataString(BadQueryValues[random.Next(BadQueryValues.Length)])}&order={(random.Next(2) == 0 ? "asc" : "x")}";
                return () => SendAsync(http, HttpMethod.Get, query, null, null, [], null, errors);
            case 3:
                var schedule = mutator.Mutate(Schedule);
                return () => SendAsync(http, HttpMethod.Post, prefix + "/maintenance/schedule", schedule, "application/json", [], null, errors);
            case 4:
                var machines = mutator.Mutate("""[{"hostname":"fuzz-h1"},{"ip":"10.9.0.2"}]""");
                var endpoint = prefix + (random.Next(2) == 0 ? "/machine/down" : "/machine/up");
                return () => SendAsync(http, HttpMethod.Post, endpoint, machines, "application/json", [], null, errors);
            default:
                var id = BadQueryValues[random.Next(BadQueryValues.Length)] + (index % 7 == 0 ? new string('a', 10_000) : string.Empty);
                var form = Encoding.UTF8.GetBytes("frameworkId=" + Uri.EscapeDataString(id));
                return () => SendAsync(http, HttpMethod.Post, prefix + "/teardown", form, "application/x-www-form-urlencoded", [], null, errors);
        }
    }

    private static Func<Task<string>> Operator(Random random, JsonMutator mutator, HttpClient http, Cluster cluster, ConcurrentQueue<string> errors)
    {
        var types = Enum.GetNames<OperatorCallType>();
        var type = types[random.Next(types.Length)];
        var agent = cluster.Agents[random.Next(cluster.Agents.Count)].AgentId ?? "none";
        var payload = type.ToLowerInvariant();
        var valid = type switch
        {
            "UPDATE_WEIGHTS" => """{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"weight":2.5,"role":"fuzz"}]}}""",
            "UPDATE_MAINTENANCE_SCHEDULE" => """{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{"schedule":""" + Schedule + "}}",
            "START_MAINTENANCE" or "STOP_MAINTENANCE" => "{\"type\":\"" + type + "\",\"" + payload + "\":{\"machines\":[{\"hostname\":\"fuzz-h1\"}]}}",
            "DRAIN_AGENT" => "{\"type\":\"DRAIN_AGENT\",\"drain_agent\":{\"agent_id\":{\"value\":\"" + agent + "\"},\"max_grace_period\":{\"nanoseconds\":1000000000}}}",
            "DEACTIVATE_AGENT" or "REACTIVATE_AGENT" => "{\"type\":\"" + type + "\",\"" + payload + "\":{\"agent_id\":{\"value\":\"" + agent + "\"}}}",
            "MARK_AGENT_GONE" => "{\"type\":\"MARK_AGENT_GONE\",\"mark_agent_gone\":{\"agent_id\":{\"value\":\"no-such-agent\"}}}",
            "TEARDOWN" => "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"no-such-framework\"}}}",
            "GET_METRICS" => """{"type":"GET_METRICS","get_metrics":{"timeout":{"nanoseconds":1000000000}}}""",
            _ => "{\"type\":\"" + type + "\"}",
        };
        var body = random.Next(5) == 0 ? Encoding.UTF8.GetBytes(valid) : mutator.Mutate(valid);
        var path = Prefixes[random.Next(Prefixes.Length)] + "/api/v1";
        return () => SendAsync(http, HttpMethod.Post, path, body, "application/json", [], t => UnservedOperator.Contains(t), errors);
    }

    private static Func<Task<string>> Scheduler(Random random, JsonMutator mutator, HttpClient http, Cluster cluster, SimulatedFramework framework, ConcurrentQueue<string> errors)
    {
        var type = SchedulerTypes[random.Next(SchedulerTypes.Length)];
        var frameworkId = random.Next(5) == 0 ? "no-such-framework" : framework.Id;
        var agent = "{\"value\":\"" + (cluster.Agents[random.Next(cluster.Agents.Count)].AgentId ?? "none") + "\"}";
        var id = "\"framework_id\":{\"value\":\"" + frameworkId + "\"}";
        var payload = type.ToLowerInvariant();
        var valid = type switch
        {
            "SUBSCRIBE" => """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"fz","user":"root","failover_timeout":0}}}""",
            "TEARDOWN" or "REVIVE" or "SUPPRESS" => "{\"type\":\"" + type + "\"," + id + "}",
            "ACCEPT" => "{\"type\":\"ACCEPT\"," + id + ",\"accept\":{\"offer_ids\":[{\"value\":\"no-such-offer\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":"
                + agent + ",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":-1e400}}],\"command\":{\"value\":\"true\"}}]}}]}}",
            "DECLINE" => "{\"type\":\"DECLINE\"," + id + ",\"decline\":{\"offer_ids\":[{\"value\":\"o\"}],\"filters\":{\"refuse_seconds\":1e400}}}",
            "KILL" => "{\"type\":\"KILL\"," + id + ",\"kill\":{\"task_id\":{\"value\":\"t\"},\"agent_id\":" + agent + "}}",
            "ACKNOWLEDGE" => "{\"type\":\"ACKNOWLEDGE\"," + id + ",\"acknowledge\":{\"task_id\":{\"value\":\"t\"},\"agent_id\":" + agent + ",\"uuid\":\"AAAAAAAAQACAAAAAAAAAAA==\"}}",
            "RECONCILE" => "{\"type\":\"RECONCILE\"," + id + ",\"reconcile\":{\"tasks\":[{\"task_id\":{\"value\":\"t\"}}]}}",
            _ => "{\"type\":\"" + type + "\"," + id + ",\"" + payload + "\":{}}",
        };
        var body = random.Next(5) == 0 ? Encoding.UTF8.GetBytes(valid) : mutator.Mutate(valid);
        (string, string)[] headers = random.Next(3) switch
        {
            0 => [("Mesos-Stream-Id", framework.StreamId)],
            1 => [("Mesos-Stream-Id", "wrong")],
            _ => [],
        };
        return () => SendAsync(http, HttpMethod.Post, "/api/v1/scheduler", body, "application/json", headers, t => UnservedScheduler.Contains(t), errors);
    }

    private static Func<Task<string>> Channel(int index, Random random, JsonMutator mutator, Uri master, Cluster cluster)
    {
        var hostname = string.Create(CultureInfo.InvariantCulture, $"fz-{index}");
        var info = Encoding.UTF8.GetString(AgentInfoJson.Serialize(new AgentInfo(hostname, 5051, [new Resource("cpus", Value.OfScalar(1))], []), null));
        var description = new AgentDescription { AgentInfoJson = Encoding.UTF8.GetString(mutator.Mutate(info)), Ip = "127.3." + (index / 250 % 250) + "." + (index % 250), Version = "1.12.0" };
        byte[] frame;
        var text = false;
        switch (random.Next(6))
        {
            case 0:
                frame = new byte[1 + random.Next(300)];
                random.NextBytes(frame);
                break;
            case 1:
                var whole = new AgentMessage { Version = 1, Register = new RegisterAgent { Agent = description } }.ToByteArray();
                frame = whole[..random.Next(whole.Length)];
                break;
            case 2:
                frame = new AgentMessage { Version = 1, Register = new RegisterAgent { Agent = description } }.ToByteArray();
                break;
            case 3:
                var ids = new[] { string.Empty, "/", "..", ".", new string('a', 10_000), "a\u0001b", cluster.Agents[0].AgentId ?? "x" + index };
                frame = new AgentMessage { Version = 1, Reregister = new ReregisterAgent { AgentId = ids[random.Next(ids.Length)], Agent = description } }.ToByteArray();
                break;
            case 4:
                frame = new AgentMessage { Version = (uint)random.Next(3) * 2, Register = new RegisterAgent { Agent = description } }.ToByteArray();
                break;
            default:
                frame = mutator.Mutate("{\"version\":1,\"register\":{}}");
                text = true;
                break;
        }

        return () => ProbeAsync(master, frame, text);
    }

    /// <summary>One channel: the frame, then what the master did within 200 ms.</summary>
    private static async Task<string> ProbeAsync(Uri master, byte[] frame, bool text)
    {
        using var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new UriBuilder(master) { Scheme = "ws", Path = "/agent/v1/channel" }.Uri, CancellationToken.None);
            await socket.SendAsync(frame, text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var buffer = new byte[64 * 1024];
            var result = await socket.ReceiveAsync(buffer, wait.Token);
            return result.MessageType == WebSocketMessageType.Close ? "closed" : "answered";
        }
        catch (OperationCanceledException)
        {
            return "silent";
        }
        catch (WebSocketException)
        {
            return "closed";
        }
        finally
        {
            socket.Abort();
        }
    }

    private static async Task<string> SendAsync(
        HttpClient http, HttpMethod method, string path, byte[]? body, string? contentType, (string Name, string Value)[] headers, Func<string, bool>? unserved, ConcurrentQueue<string> errors)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            if (status == 200 && response.Content.Headers.ContentLength is null)
            {
                // An event stream (SUBSCRIBE): its headers are the answer.
                return "200";
            }

            await response.Content.ReadAsByteArrayAsync();
            if (status >= 500 && !(status == 501 && unserved is not null && TypeOf(body) is { } type && unserved(type)))
            {
                errors.Enqueue($"{status} for {method} {path}: {Encoding.UTF8.GetString(body ?? [])[..Math.Min(300, body?.Length ?? 0)]}");
            }

            return status.ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException e)
        {
            errors.Enqueue($"connection failed for {method} {path}: {e.Message}");
            return "connection failed";
        }
    }

    private static string? TypeOf(byte[]? body)
    {
        try
        {
            using var document = JsonDocument.Parse(body ?? []);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<double> StartTimeAsync(HttpClient http)
    {
        using var state = JsonDocument.Parse(await http.GetStringAsync("state"));
        return state.RootElement.GetProperty("start_time").GetDouble();
    }

    private static string Report(
        int requests,
        ConcurrentDictionary<(string Family, string Outcome), int> counts,
        ConcurrentQueue<string> errors,
        Dictionary<string, TimeSpan> took,
        TimeSpan total,
        int health,
        int restarts,
        int pid,
        double rssBefore,
        double rssAfter,
        MasterUnderTest master)
    {
        var text = new StringBuilder();
        text.AppendLine("# Fuzz: randomized bad input against one master");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Drydock.Bench -- fuzz bench/results/fuzz.md` (seed {Seed}, {requests:N0} requests per family, {Concurrency} at a time; one master, 4 simulated agents, 1 simulated framework). Machine: {Environment.ProcessorCount} cores, load {ProcessStats.LoadAverage()} at the end; {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine();
        text.AppendLine("| family | requests | took | outcomes |");
        text.AppendLine("|---|---|---|---|");
        foreach (var family in new[] { "v0", "operator", "scheduler", "agent channel" })
        {
            var mine = counts.Where(c => c.Key.Family == family).OrderBy(c => c.Key.Outcome, StringComparer.Ordinal).ToArray();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {family} | {mine.Sum(c => c.Value):N0} | {took.GetValueOrDefault(family).TotalSeconds:0.0} s | {string.Join(", ", mine.Select(c => $"{c.Key.Outcome}: {c.Value:N0}"))} |");
        }

        var fiveHundreds = counts.Where(c => c.Key.Outcome.StartsWith('5')).Sum(c => c.Value);
        var unserved = counts.Where(c => c.Key.Outcome == "501").Sum(c => c.Value);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- 5xx other than 501 for call types Drydock does not serve: **{errors.Count}** (must be 0); 501 for unserved call types: {unserved:N0} (of {fiveHundreds:N0} 5xx in all).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- master restarts: **{restarts}** (must be 0: pid {pid} and `/state` start_time unchanged, process alive); `/health` at the end: {health}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- master RSS: {rssBefore:0.0} MiB before, {rssAfter:0.0} MiB after; whole run {total.TotalSeconds:0} s; master log: {master.LogLines:N0} lines, {master.ProblemLines:N0} warnings or errors.");
        foreach (var error in errors.Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  - {error}");
        }

        text.AppendLine();
        text.AppendLine("Reading notes: outcomes are HTTP status codes (an event stream counts as 200 once its headers came); for the agent");
        text.AppendLine("channel, what the master did within 200 ms of the frame: `closed` the channel, `answered` (a registration), or stayed");
        text.AppendLine("`silent` (the probe then drops the socket). The run checks no state; the integration fuzz tests do (tests/Drydock.IntegrationTests/*FuzzTests.cs).");
        return text.ToString();
    }
}
