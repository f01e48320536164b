using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Drydock.AgentProtocol.V1;
using Drydock.IntegrationTests.Infrastructure;
using Google.Protobuf;
using static Drydock.IntegrationTests.Infrastructure.ChannelProbe;

namespace Drydock.IntegrationTests;

/// <summary>
/// The agent channel (<c>/agent/v1/channel</c>) under bad input: garbage, huge, truncated and unfinished frames, text
/// frames, wrong protocol versions, messages before registering, Register and Reregister with mutated descriptions and
/// bad ids, and sockets that never register; issue 10's channel defects (5: any id accepted, 6: idle channels never
/// closed; 4: the agent's backoff never reset) as fixed cases, then seeded mutations (<c>DRYDOCK_FUZZ_SEED</c>).
/// </summary>
public sealed class AgentChannelFuzzTests
{
    private const int DefaultSeed = 7303;
    private const int ProbeCount = 300;
    private const int Concurrency = 6;
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(300);

    /// <summary>Ids Mesos refuses (empty, with a slash, dot names, control characters, too long): issue 10 defect 5.</summary>
    private static readonly string[] BadIds = [string.Empty, "/", "..", ".", "a/b", "a\u0001b", "tab\tid", new string('a', 10_000)];

    [Fact]
    public async Task Reregister_BadAgentIds_RefusedNotStoredNotListed()
    {
        var seed = FuzzSeed.Get(DefaultSeed);
        await using var cluster = await FuzzCluster.StartAsync(seed);
        var before = await cluster.DigestAsync();
        var wrong = new List<string>();

        // One cluster for every id, each checked on its own, so one run names every id that got through.
        foreach (var id in BadIds)
        {
            var hostname = "fz-bad-id-" + BadIds.ToList().IndexOf(id).ToString(CultureInfo.InvariantCulture);
            var outcome = await SendAsync(cluster.Master.Url, [new Frame(Reregister(id, Description(hostname)).ToByteArray())], TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            await cluster.AssertInvariantsAsync($"after a Reregister with the id '{Shorten(id)}'");
            var slaves = JsonNode.Parse(Replies.AssertJson(await cluster.Master.GetAsync("slaves")))!["slaves"]!.AsArray();
            var listed = slaves.Any(s => s?["id"]?.GetValue<string>() == id || s?["hostname"]?.GetValue<string>() == hostname);
            var after = await cluster.DigestAsync();
            if (outcome == Outcome.Registered || listed || after != before)
            {
                wrong.Add($"'{Shorten(id)}': {outcome}, listed in /slaves: {listed}, books {(after == before ? "unchanged" : "changed")}");
                await cluster.EnsureAsync();
                before = await cluster.DigestAsync();
            }
        }

        Assert.True(wrong.Count == 0, $"seed={seed}: Reregister with a bad id was taken:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public async Task Channel_IdleSocketsThatNeverRegister_ClosedByTheMasterWhileItServes()
    {
        // Issue 10 defect 6: channels that never register stayed open for ever. The master closes them within a few
        // seconds (its registration timeout); 30 s is the bound here, whatever the timeout is set to.
        var seed = FuzzSeed.Get(DefaultSeed);
        await using var cluster = await FuzzCluster.StartAsync(seed);
        var idle = Enumerable.Range(0, 20)
            .Select(_ => SendAsync(cluster.Master.Url, [], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))
            .ToArray();

        await cluster.AssertInvariantsAsync("with 20 idle agent channels open");
        var outcomes = await Task.WhenAll(idle);

        Assert.All(outcomes, o => Assert.True(o is Outcome.Closed or Outcome.Refused, $"seed={seed}: an idle channel was left open: {o}"));
        await cluster.AssertInvariantsAsync("after the idle agent channels");
    }

    [Fact]
    public async Task Channel_FixedBadFrames_MasterServesAndBooksUnchanged()
    {
        var seed = FuzzSeed.Get(DefaultSeed);
        await using var cluster = await FuzzCluster.StartAsync(seed);
        var before = await cluster.DigestAsync();
        var cases = new (string Name, Frame[] Frames)[]
        {
            ("empty frame", [new Frame([])]),
            ("garbage", [new Frame([0xFF, 0xFE, 0x00, 0x01, 0x80])]),
            ("text frame", [new Frame("{\"register\":{}}"u8.ToArray(), Text: true)]),
            ("version 0 register", [new Frame(new AgentMessage { Register = new RegisterAgent { Agent = Description("fz-v0") } }.ToByteArray())]),
            ("version 2 register", [new Frame(Versioned(new AgentMessage { Register = new RegisterAgent { Agent = Description("fz-v2") } }, 2).ToByteArray())]),
            ("truncated register", [new Frame(Register(Description("fz-cut")).ToByteArray()[..20])]),
            ("unfinished register", [new Frame(Register(Description("fz-unfinished")).ToByteArray(), Unfinished: true)]),
            ("status update before register", [new Frame(Versioned(new AgentMessage { StatusUpdate = new StatusUpdate { FrameworkId = cluster.Framework.FrameworkId, StatusJson = "{}" } }).ToByteArray())]),
            ("unregister of the kept agent from another channel", [new Frame(Versioned(new AgentMessage { Unregister = new UnregisterAgent { AgentId = cluster.Agent.AgentId } }).ToByteArray())]),
            ("register without a description", [new Frame(Versioned(new AgentMessage { Register = new RegisterAgent() }).ToByteArray())]),
            ("register with agent info not JSON", [new Frame(Register(new AgentDescription { AgentInfoJson = "{not json", Ip = "127.0.8.1", Version = "1.12.0" }).ToByteArray())]),
            ("register with negative resources", [new Frame(Register(DescriptionWith("fz-negative", "{\"hostname\":\"fz-negative\",\"port\":5051,\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":-4}}]}")).ToByteArray())]),
            ("register with infinite resources", [new Frame(Register(DescriptionWith("fz-infinite", "{\"hostname\":\"fz-infinite\",\"port\":5051,\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1e400}}]}")).ToByteArray())]),
            ("huge frame", [new Frame(new byte[17 * 1024 * 1024])]),
        };

        var wrong = new List<string>();
        foreach (var (name, frames) in cases)
        {
            var outcome = await SendAsync(cluster.Master.Url, frames, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            await cluster.AssertInvariantsAsync("after the channel case " + name);
            var after = await cluster.DigestAsync();
            if (outcome == Outcome.Registered || after != before)
            {
                wrong.Add($"{name}: {outcome}, books {(after == before ? "unchanged" : "changed:\n" + after)}");
            }
        }

        Assert.True(wrong.Count == 0, $"seed={seed}:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public async Task Channel_MutatedFrames_NeverStopTheMasterAndRefusalsChangeNothing()
    {
        var seed = FuzzSeed.Get(DefaultSeed);
        var random = new Random(seed);
        var mutator = new BodyMutator(random);
        await using var cluster = await FuzzCluster.StartAsync(seed);
        var baseline = await cluster.DigestAsync();
        int registered = 0, closed = 0, silent = 0, compared = 0;

        for (var first = 0; first < ProbeCount; first += Concurrency)
        {
            var batch = Enumerable.Range(first, Concurrency).Select(i => Next(i, random, mutator, cluster)).ToArray();
            var outcomes = await Task.WhenAll(batch.Select(p => SendAsync(cluster.Master.Url, p.Frames, Wait, TestContext.Current.CancellationToken)));
            registered += outcomes.Count(o => o == Outcome.Registered);
            closed += outcomes.Count(o => o is Outcome.Closed or Outcome.Refused);
            silent += outcomes.Count(o => o == Outcome.Silent);

            var context = "after the probes:\n" + string.Join('\n', batch.Select(p => p.Description));
            await cluster.AssertInvariantsAsync(context);
            if (outcomes.Contains(Outcome.Registered))
            {
                await cluster.EnsureAsync();
                baseline = await cluster.DigestAsync();
                continue;
            }

            var now = await cluster.DigestAsync();
            Assert.True(baseline == now, $"seed={seed}: the books changed although no probe registered.\nBefore:\n{baseline}\nAfter:\n{now}\n{context}");
            compared++;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"seed={seed}: {ProbeCount} probes: {registered} registered, {closed} closed, {silent} silent; {compared} batches compared");
        Assert.True(closed > ProbeCount / 3, $"seed={seed}: only {closed} probes closed");
        Assert.True(compared > ProbeCount / Concurrency / 4, $"seed={seed}: only {compared} batches compared");
    }

    /// <summary>
    /// Issue 10 defect 4: after each master crash the agent waited twice as long to re-register (1.2, 1.4, 6, 15, 29 s),
    /// its backoff never reset after a successful registration. Five crashes, the master back at once each time: the
    /// agent must be registered again within a bound that a backoff started afresh keeps (and a doubling one does not).
    /// </summary>
    [Fact]
    public async Task Agent_FiveMasterCrashes_ReregistersPromptlyAfterEach()
    {
        var root = Directory.CreateTempSubdirectory("drydock-crashes-");
        var port = SchedulerCalls.FreePort().ToString(CultureInfo.InvariantCulture);
        var workDir = Path.Combine(root.FullName, "master");
        string[] flags = ["--port", port];
        var master = await MasterProcess.StartAsync(workDir, flags);
        var agent = AgentProcess.Start(master.Url, Path.Combine(root.FullName, "agent"), "127.0.8.9", "crash-agent");
        var took = new List<TimeSpan>();
        try
        {
            var agentId = await agent.WaitRegisteredAsync();
            for (var crash = 0; crash < 5; crash++)
            {
                await master.KillAsync();
                await master.DisposeAsync();
                master = await MasterProcess.StartAsync(workDir, flags);
                var started = DateTime.UtcNow;
                while (!await ListedAsync(master, agentId))
                {
                    Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), $"the agent did not re-register after crash {crash + 1}:\n{agent.Output}");
                    await Task.Delay(50, TestContext.Current.CancellationToken);
                }

                took.Add(DateTime.UtcNow - started);
            }
        }
        finally
        {
            await agent.DisposeAsync();
            await master.DisposeAsync();
            root.Delete(recursive: true);
        }

        Assert.True(took.All(t => t < TimeSpan.FromSeconds(8)), "re-registration took " + string.Join(", ", took.Select(t => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s")));
    }

    private static async Task<bool> ListedAsync(MasterProcess master, string agentId)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        var slaves = JsonNode.Parse(await http.GetStringAsync("slaves", TestContext.Current.CancellationToken))!["slaves"]!.AsArray();
        return slaves.Any(s => s?["id"]?.GetValue<string>() == agentId && s?["active"]?.GetValue<bool>() == true);
    }

    private static (string Description, Frame[] Frames) Next(int index, Random random, BodyMutator mutator, FuzzCluster cluster)
    {
        var hostname = string.Create(CultureInfo.InvariantCulture, $"fz-{index}");
        var info = Encoding.UTF8.GetString(Drydock.Protocol.Agents.AgentInfoJson.Serialize(SimulatedAgent.Info(hostname), null));
        var ids = new[] { cluster.Agent.AgentId ?? "none", string.Empty, "/", "..", "fz-S1", new string('b', 10_000), "a\u0000b" };
        // Mostly bad frames; a valid registration about one probe in thirty, so the accepted path and the cluster's
        // restore are taken too without leaving few batches to compare.
        switch (new[] { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8 }[random.Next(30)])
        {
            case 0:
                var garbage = new byte[1 + random.Next(200)];
                random.NextBytes(garbage);
                return ($"#{index} garbage {garbage.Length} bytes", [new Frame(garbage)]);
            case 1:
                var whole = Register(Description(hostname)).ToByteArray();
                var cut = random.Next(whole.Length);
                return ($"#{index} register cut at {cut}/{whole.Length}", [new Frame(whole[..cut])]);
            case 2:
                var (mutated, edits) = mutator.Mutate(info);
                return ($"#{index} register with agent info [{edits}]", [new Frame(Register(DescriptionWith(hostname, Encoding.UTF8.GetString(mutated))).ToByteArray())]);
            case 3:
                var id = ids[random.Next(ids.Length)];
                var reregister = Reregister(id, Description(hostname));
                if (random.Next(2) == 0)
                {
                    var (task, taskEdits) = mutator.Mutate("{\"name\":\"t\",\"task_id\":{\"value\":\"t1\"},\"agent_id\":{\"value\":\"" + id + "\"},\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1}}]}");
                    reregister.Reregister.Tasks.Add(new ReportedTask { FrameworkId = random.Next(2) == 0 ? cluster.Framework.FrameworkId : string.Empty, TaskInfoJson = Encoding.UTF8.GetString(task), State = random.Next(2) == 0 ? "TASK_RUNNING" : "TASK_NONSENSE" });
                    return ($"#{index} reregister '{Shorten(id)}' with a task [{taskEdits}]", [new Frame(reregister.ToByteArray())]);
                }

                return ($"#{index} reregister '{Shorten(id)}'", [new Frame(reregister.ToByteArray())]);
            case 4:
                var (text, textEdits) = mutator.Mutate("{\"version\":1,\"register\":{\"agent\":{\"agent_info_json\":\"{}\"}}}");
                return ($"#{index} text frame [{textEdits}]", [new Frame(text, Text: true)]);
            case 5:
                var version = new uint[] { 0, 2, uint.MaxValue }[random.Next(3)];
                return ($"#{index} register at version {version}", [new Frame(Versioned(new AgentMessage { Register = new RegisterAgent { Agent = Description(hostname) } }, version).ToByteArray())]);
            case 6:
                var early = random.Next(3) switch
                {
                    0 => new AgentMessage { Pong = new Pong() },
                    1 => new AgentMessage { StatusUpdate = new StatusUpdate { FrameworkId = cluster.Framework.FrameworkId, StatusJson = "{\"task_id\":{\"value\":\"" + cluster.TaskId + "\"},\"state\":\"TASK_FINISHED\"}" } },
                    _ => new AgentMessage { Unregister = new UnregisterAgent { AgentId = ids[random.Next(ids.Length)] } },
                };
                return ($"#{index} {early.BodyCase} before registering", [new Frame(Versioned(early).ToByteArray())]);
            case 7:
                return ($"#{index} unfinished register", [new Frame(Register(Description(hostname)).ToByteArray(), Unfinished: true)]);
            default:
                // A valid registration now and then, so the accepted path and the cluster's restore are taken too; its
                // address is made up from the probe's index, so it is a new machine.
                return ($"#{index} valid register", [new Frame(Register(Description(hostname)).ToByteArray())]);
        }
    }

    /// <summary>A description on a machine of its own: the address comes from the hostname's characters (stable across runs).</summary>
    private static AgentDescription Description(string hostname)
    {
        var sum = hostname.Sum(c => c);
        return SimulatedAgent.Description(hostname, string.Create(CultureInfo.InvariantCulture, $"127.{10 + (sum / 250 % 200)}.{sum % 250}.{hostname.Length % 250}"));
    }

    private static AgentDescription DescriptionWith(string hostname, string agentInfoJson)
    {
        var description = Description(hostname);
        description.AgentInfoJson = agentInfoJson;
        return description;
    }

    private static AgentMessage Register(AgentDescription description) => Versioned(new AgentMessage { Register = new RegisterAgent { Agent = description } });

    private static AgentMessage Reregister(string id, AgentDescription description) =>
        Versioned(new AgentMessage { Reregister = new ReregisterAgent { AgentId = id, Agent = description } });

    private static AgentMessage Versioned(AgentMessage message, uint version = SimulatedAgent.ProtocolVersion)
    {
        message.Version = version;
        return message;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + string.Create(CultureInfo.InvariantCulture, $"…({text.Length} chars)");
}
