using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Drydock.AgentProtocol.V1;
using Drydock.Master.Frameworks;
using Drydock.Master.Hosting;
using Drydock.Master.Maintenance;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ValueType = Drydock.Protocol.Resources.ValueType;

namespace Drydock.Master.Tests.Frameworks;

/// <summary>
/// Resource accounting is an invariant: random launches (valid and invalid amounts), status updates, kills,
/// acknowledgements, drains, disconnections, removals and returns of agents, driven through the master's real rooms
/// (AgentRegistry, FrameworkRegistry, OfferBook, TaskBook, TaskService, Registrar on SQLite) with fake agent channels.
/// After every step, for every agent: what its tasks use is never negative, and what they use plus what is offered
/// never exceeds its total; no task in the books holds an invalid resource. Seeded; <c>DRYDOCK_FUZZ_SEED</c> overrides.
/// </summary>
public sealed class ResourceAccountingPropertyTests
{
    private const int Steps = 250;

    private static readonly string[] CpuAmounts = ["0.5", "1", "2", "3.5", "0.001", "-3", "-1e-4", "0.0004", "1e13", "0"];
    private static readonly string[] MemAmounts = ["16", "128", "512", "-1", "2e12"];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        if (int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
        {
            data.Add(seed);
            return data;
        }

        foreach (var fixedSeed in new[] { 1, 2, 3, 10, 20260101 })
        {
            data.Add(fixedSeed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RandomOperations_AnySeed_UsedStaysWithinZeroAndTotal(int seed)
    {
        await using var cluster = await Cluster.StartAsync(seed);
        var step = 0;
        try
        {
            for (; step < Steps; step++)
            {
                await cluster.StepAsync();
                cluster.CheckInvariant();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Seed {seed} (DRYDOCK_FUZZ_SEED={seed}), step {step}, last operation '{cluster.LastOperation}': {e.Message}", e);
        }

        // Not vacuous: the run launched tasks and refused some.
        Assert.True(cluster.Launched > 0, $"Seed {seed}: no task was launched");
        Assert.True(cluster.Refused > 0, $"Seed {seed}: no launch was refused");
    }

    private sealed class Cluster : IAsyncDisposable
    {
        private readonly Random _random;
        private readonly DirectoryInfo _dir;
        private readonly SqliteMasterStore _store;
        private readonly Registrar _registrar;
        private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T00:00:00Z", CultureInfo.InvariantCulture));
        private readonly AgentRegistry _agents;
        private readonly FrameworkRegistry _frameworks;
        private readonly TaskBook _tasks = new();
        private readonly OfferBook _offers;
        private readonly TaskService _service;
        private readonly List<FakeAgent> _fleet = [];
        private readonly List<Framework> _subscribed = [];
        private int _nextTask;

        private Cluster(int seed)
        {
            _random = new Random(seed);
            _dir = Directory.CreateTempSubdirectory("drydock-accounting-");
            _store = new SqliteMasterStore(Path.Combine(_dir.FullName, "registry.db"));
            _registrar = new Registrar(_store, NullLogger<Registrar>.Instance);
            var identity = new MasterIdentity(new MasterOptions(), _time);
            var options = new SchedulerOptions();
            _agents = new AgentRegistry(_registrar, identity, new RegistryOptions(), _time, NullLogger<AgentRegistry>.Instance);
            _frameworks = new FrameworkRegistry(identity, _registrar, options, _time, NullLogger<FrameworkRegistry>.Instance);
            _offers = new OfferBook(_agents, _frameworks, _tasks, _registrar, new InverseOfferAnswers(), options, identity, _time, NullLogger<OfferBook>.Instance);
            _service = new TaskService(_offers, _tasks, _frameworks, _agents, _registrar, _time, NullLogger<TaskService>.Instance);
            _agents.Removed += _service.OnAgentRemoved;
            _agents.Disconnected += _service.OnAgentDisconnected;
            _agents.MarkedUnreachable += _service.OnAgentUnreachable;
            _agents.Returned += _service.OnAgentReturned;
            _agents.MarkedGone += _service.OnAgentGone;
        }

        public string LastOperation { get; private set; } = "start";

        public int Launched { get; private set; }

        public int Refused { get; private set; }

        private static CancellationToken Ct => TestContext.Current.CancellationToken;

        public static async Task<Cluster> StartAsync(int seed)
        {
            var cluster = new Cluster(seed);
            await cluster._registrar.RecoverAsync(Ct);
            for (var i = 0; i < 3; i++)
            {
                var agent = new FakeAgent(i);
                cluster._fleet.Add(agent);
                await cluster._agents.RegisterAsync(agent.Description, agent.Connect(), Ct);
                agent.Id = Assert.Single(agent.Connection!.Sent).Registered.AgentId;
            }

            foreach (var checkpoint in new[] { true, false })
            {
                cluster._subscribed.Add(cluster._frameworks.Subscribe(new FrameworkInfo { User = "u", Name = $"fw-{checkpoint}", Checkpoint = checkpoint, Roles = ["*"] }));
            }

            return cluster;
        }

        public async Task StepAsync()
        {
            var roll = _random.Next(100);
            LastOperation = roll switch
            {
                < 20 => "cycle",
                < 45 => "launch",
                < 60 => "update",
                < 68 => "acknowledge",
                < 74 => "kill",
                < 78 => "drain",
                < 82 => "reactivate",
                < 88 => "disconnect",
                < 92 => "remove",
                _ => "return",
            };
            var agent = _fleet[_random.Next(_fleet.Count)];
            switch (LastOperation)
            {
                case "cycle":
                    await _offers.RunCycleAsync(Ct);
                    break;
                case "launch":
                    await LaunchAsync();
                    break;
                case "update":
                    Update(agent, Pick(["TASK_RUNNING", "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED"]));
                    break;
                case "acknowledge":
                    foreach (var task in _tasks.Tasks.Where(t => TaskBook.IsTerminal(t.State)).ToArray())
                    {
                        _tasks.Forget(task.FrameworkId, task.TaskId);
                    }

                    break;
                case "kill":
                    if (agent.Running.Keys.FirstOrDefault() is { Framework: not null } victim && _frameworks.Frameworks.TryGetValue(victim.Framework, out var owner))
                    {
                        await _service.KillAsync(owner, victim.Task, agent.Id, Ct);
                        Update(agent, "TASK_KILLED", victim);
                    }

                    break;
                case "drain":
                    // What DRAIN_AGENT does to the books: the agent is deactivated and kills every task it runs.
                    await _agents.SetDeactivatedAsync(agent.Id!, deactivated: true, Ct);
                    foreach (var running in agent.Running.Keys.ToArray())
                    {
                        Update(agent, "TASK_KILLED", running);
                    }

                    break;
                case "reactivate":
                    await _agents.SetDeactivatedAsync(agent.Id!, deactivated: false, Ct);
                    break;
                case "disconnect":
                    if (agent.Connection is { } connection)
                    {
                        await _agents.DisconnectedAsync(connection);
                        agent.Connection = null;
                    }

                    break;
                case "remove":
                    if (agent.Connection is { } current)
                    {
                        await _agents.UnregisterAsync(agent.Id!, current, Ct);
                        agent.Connection = null;
                        if (_random.Next(2) == 0)
                        {
                            // The agent restarted without its tasks (a new work directory's worth of nothing).
                            agent.Running.Clear();
                        }
                    }

                    break;
                default:
                    if (agent.Connection is null)
                    {
                        await _agents.ReregisterAsync(agent.Id!, agent.Description, agent.Report(), agent.Connect(), Ct);
                        agent.Follow();
                    }

                    break;
            }

            foreach (var each in _fleet)
            {
                each.Follow();
            }
        }

        public void CheckInvariant()
        {
            var outstanding = _offers.SnapshotAsync(Ct).GetAwaiter().GetResult();
            foreach (var agent in _fleet)
            {
                var used = ResourceMath.Merge(_tasks.UsedOn(agent.Id!));
                Assert.All(used.Where(r => r.Value.Type == ValueType.SCALAR), r => Assert.True(r.Value.Scalar >= 0 && double.IsFinite(r.Value.Scalar), $"agent {agent.Id} uses {ResourceText.Describe(r)}"));
                Assert.True(ResourceMath.Contains(FakeAgent.Total, used), $"agent {agent.Id} uses {Describe(used)}, more than its total {Describe(FakeAgent.Total)}");
                var offered = outstanding.Where(o => o.AgentId == agent.Id).SelectMany(o => o.Resources).ToArray();
                Assert.True(ResourceMath.Contains(FakeAgent.Total, [.. used, .. offered]), $"agent {agent.Id} uses {Describe(used)} and offers {Describe(offered)}, more than its total {Describe(FakeAgent.Total)}");
            }

            foreach (var task in _tasks.Tasks.Concat(_tasks.CompletedTasks))
            {
                Assert.True(ResourceValidator.Invalid(task.Resources) is null, $"task {task.TaskId} holds {ResourceValidator.Invalid(task.Resources)}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _offers.Dispose();
            _agents.Dispose();
            _registrar.Dispose();
            await _store.DisposeAsync();
            _dir.Delete(recursive: true);
        }

        private static string Describe(IEnumerable<Resource> resources) => string.Join(";", resources.Select(r => ResourceText.Describe(r)));

        private async Task LaunchAsync()
        {
            var offer = (await _offers.SnapshotAsync(Ct)).OrderBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault();
            if (offer is null || !_frameworks.Frameworks.TryGetValue(offer.FrameworkId, out var framework))
            {
                return;
            }

            var launches = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Task(offer.AgentId)).ToArray();
            var before = launches.Count(t => _tasks.Find(framework.Id, t.Info.TaskId) is not null);
            var call = new SchedulerCall("ACCEPT", framework.Id)
            {
                OfferIds = [offer.Id],
                Launches = launches.Select(t => t.Info).ToArray(),
                RawTaskInfos = launches.ToDictionary(t => t.Info.TaskId, t => t.Json),
                RefuseSeconds = 0,
            };
            await _service.AcceptAsync(framework, call, Ct);
            var launched = launches.Count(t => _tasks.Find(framework.Id, t.Info.TaskId) is not null) - before;
            Launched += launched;
            Refused += launches.Length - launched;
        }

        private (TaskInfoMessage Info, string Json) Task(string agentId)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"t{_nextTask++}");
            var resources = "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":" + Pick(CpuAmounts) + "}},"
                + "{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":" + Pick(MemAmounts) + "}}"
                + (_random.Next(3) == 0 ? ",{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":[{\"begin\":31002,\"end\":" + Pick(["31001", "31002", "31004"]) + "}]}}" : string.Empty);
            var json = "{\"name\":\"" + id + "\",\"task_id\":{\"value\":\"" + id + "\"},\"agent_id\":{\"value\":\"" + agentId
                + "\"},\"resources\":[" + resources + "],\"command\":{\"value\":\"sleep 1\"}}";
            using var document = JsonDocument.Parse(json);
            var task = TaskInfoMessage.Read(document.RootElement);
            Assert.True(task.Succeeded, task.Error);
            return (task.Value, json);
        }

        private void Update(FakeAgent agent, string state, (string Framework, string Task)? which = null)
        {
            if (agent.Id is null || (which ?? agent.Running.Keys.OrderBy(k => k.Task, StringComparer.Ordinal).Skip(_random.Next(Math.Max(1, agent.Running.Count))).FirstOrDefault()) is not { Task: not null } key)
            {
                return;
            }

            var status = "{\"task_id\":{\"value\":\"" + key.Task + "\"},\"state\":\"" + state + "\",\"source\":\"SOURCE_EXECUTOR\",\"agent_id\":{\"value\":\"" + agent.Id
                + "\"},\"timestamp\":1,\"uuid\":\"" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "\"}";
            if (agent.Connection is not null)
            {
                // Updates reach the master only over a live channel (the agent retries the others).
                _service.OnStatusUpdate(agent.Id, new StatusUpdate { FrameworkId = key.Framework, StatusJson = status });
            }

            if (TaskBook.IsTerminal(state))
            {
                agent.Running.Remove(key);
            }
            else
            {
                agent.Running[key] = (agent.Running[key].TaskInfoJson, state);
            }
        }

        private string Pick(string[] items) => items[_random.Next(items.Length)];
    }

    /// <summary>An agent's end of the channel: it runs what RunTask tells it and reports it back when it re-registers.</summary>
    private sealed class FakeAgent(int index)
    {
        public static readonly IReadOnlyList<Resource> Total = ResourceParser.Parse("cpus:4;mem:1024;ports:[31000-31009]").Value!;

        private int _seen;

        public string? Id { get; set; }

        public RecordingConnection? Connection { get; set; }

        public Dictionary<(string Framework, string Task), (string TaskInfoJson, string State)> Running { get; } = [];

        public AgentDescription Description { get; } = new()
        {
            AgentInfoJson = Encoding.UTF8.GetString(AgentInfoJson.Serialize(new AgentInfo($"host-{index}", 5051, Total, []), null)),
            Ip = $"10.2.0.{index + 1}",
            Version = "1.12.0",
        };

        public RecordingConnection Connect()
        {
            Connection = new RecordingConnection();
            _seen = 0;
            return Connection;
        }

        /// <summary>Takes in what the master sent since the last look: launches run, kills are answered by the test.</summary>
        public void Follow()
        {
            if (Connection is null)
            {
                return;
            }

            foreach (var message in Connection.Sent.Skip(_seen).ToArray())
            {
                _seen++;
                if (message.BodyCase == MasterMessage.BodyOneofCase.RunTask)
                {
                    using var document = JsonDocument.Parse(message.RunTask.TaskInfoJson);
                    var id = document.RootElement.GetProperty("task_id").GetProperty("value").GetString()!;
                    Running[(message.RunTask.FrameworkId, id)] = (message.RunTask.TaskInfoJson, "TASK_RUNNING");
                }
                else if (message.BodyCase == MasterMessage.BodyOneofCase.ShutdownFramework)
                {
                    foreach (var key in Running.Keys.Where(k => k.Framework == message.ShutdownFramework.FrameworkId).ToArray())
                    {
                        Running.Remove(key);
                    }
                }
            }
        }

        public ReportedTask[] Report() =>
            Running.Select(r => new ReportedTask { FrameworkId = r.Key.Framework, TaskInfoJson = r.Value.TaskInfoJson, State = r.Value.State }).ToArray();
    }

    private sealed class RecordingConnection : IAgentConnection
    {
        public ConcurrentQueue<MasterMessage> Sent { get; } = new();

        public ValueTask SendAsync(MasterMessage message, CancellationToken cancellationToken)
        {
            Sent.Enqueue(message);
            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync() => ValueTask.CompletedTask;
    }
}
