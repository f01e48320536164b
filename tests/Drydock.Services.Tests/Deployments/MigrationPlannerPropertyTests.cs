using Drydock.Services.Apps;
using Drydock.Services.Deployments;
using Drydock.Services.Instances;
using static Drydock.Services.Tests.Deployments.TestApps;

namespace Drydock.Services.Tests.Deployments;

/// <summary>
/// The migration planner driven round after round over random sequences of room (whether an offer fits a waiting
/// replacement), health and task ends, with seeded randomness so every run is the same.
/// </summary>
public sealed class MigrationPlannerPropertyTests
{
    private static readonly PathId Web = PathId.Parse("/web");
    private static readonly HashSet<string> Due = ["a1"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly (double Health, double Over)[] Strategies = [(1, 1), (1, 0), (0.5, 0.25), (0.5, 0), (0, 0), (0.75, 0.5), (1, 0.2), (0.6, 0.1)];

    [Fact]
    public void RandomRoomAndHealth_HealthyNeverBelowTheFloorNorTotalAboveCapacity_AndTheAgentIsFreedOnceThereIsRoom()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            new Simulation(new Random(seed), flakyHealth: false).Run();
        }
    }

    [Fact]
    public void RandomFlakyHealth_NoKillOfAHealthyInstanceTakesTheAppBelowTheFloor()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            new Simulation(new Random(seed), flakyHealth: true).Run();
        }
    }

    [Fact]
    public void NeverAnyRoom_FullHealthRequired_StallsAtFullHealth()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var simulation = new Simulation(new Random(seed), flakyHealth: false, (1, seed % 2), roomChance: 0);
            var last = simulation.Rounds(40);
            Assert.Equal(MigrationMode.Stalled, last.Apps[Web].Mode);
            Assert.False(last.Agents["a1"].Accept);
            Assert.Contains("stalled", last.Agents["a1"].Reason, StringComparison.Ordinal);
            Assert.Equal(simulation.N, simulation.Healthy);
        }
    }

    private sealed class Simulation
    {
        private readonly Random _random;
        private readonly bool _flakyHealth;
        private readonly double _roomChance;
        private readonly UpgradeStrategy _strategy;
        private readonly int _floor;
        private readonly int _maxCapacity;
        private readonly List<MigrationInstance> _instances = [];
        private DateTimeOffset _now = T0;
        private DateTimeOffset? _noRoomSince;
        private int _next;

        public Simulation(Random random, bool flakyHealth, (double Health, double Over)? strategy = null, double? roomChance = null)
        {
            _random = random;
            _flakyHealth = flakyHealth;
            var (health, over) = strategy ?? Strategies[random.Next(Strategies.Length)];
            _strategy = new UpgradeStrategy(health, over);
            _roomChance = roomChance ?? random.NextDouble();
            N = random.Next(1, 7);
            _floor = (int)Math.Ceiling(N * health);
            _maxCapacity = (int)Math.Floor(N * (1 + over));
            if (_floor == _maxCapacity)
            {
                _maxCapacity++;
            }

            var doomed = random.Next(1, N + 1);
            for (var i = 0; i < N; i++)
            {
                _instances.Add(new MigrationInstance(new InstanceId($"i{_next++}"), i < doomed ? "a1" : $"b{i}", InstanceGoal.Running, true, true));
            }
        }

        public int N { get; }

        public MigrationPlan? Last { get; private set; }

        public int Healthy => _instances.Count(i => i.Goal == InstanceGoal.Running && i.HealthyAndReady);

        public void Run()
        {
            Rounds(30);
            var roomAlways = new Simulation(this);
            roomAlways.Rounds(60);
            Assert.True(roomAlways.Last!.Agents["a1"].Accept, $"{Describe()}: the agent is not freed: {roomAlways.Last.Agents["a1"].Reason}");
            Assert.Equal(N, roomAlways._instances.Count(i => i.Goal == InstanceGoal.Running));
        }

        private Simulation(Simulation from)
        {
            _random = from._random;
            _flakyHealth = false;
            _roomChance = 1;
            _strategy = from._strategy;
            _floor = from._floor;
            _maxCapacity = from._maxCapacity;
            _instances = [.. from._instances.Select(i => i with { HealthyAndReady = i.HealthyAndReady || i.Active })];
            _now = from._now;
            _next = from._next;
            N = from.N;
        }

        public MigrationPlan Rounds(int count)
        {
            for (var round = 0; round < count; round++)
            {
                Last = MigrationPlanner.Plan([new AppMigrationInput(Web, N, _strategy, _instances) { NoRoomSince = _noRoomSince }], Due, _now, Patience);
                Apply(Last.Apps[Web]);
                Events();
                _now += TimeSpan.FromSeconds(10);
            }

            return Last!;
        }

        private void Apply(AppMigrationDecision decision)
        {
            var healthyBefore = Healthy;
            foreach (var kill in decision.Kill)
            {
                var index = _instances.FindIndex(i => i.Id == kill && i.Goal == InstanceGoal.Running);
                Assert.True(index >= 0, $"{Describe()}: {kill} is not a running instance");
                Assert.Equal("a1", _instances[index].AgentId);
                _instances[index] = _instances[index] with { Goal = InstanceGoal.Decommissioned };
            }

            if (!_flakyHealth)
            {
                Assert.True(Healthy >= Math.Min(_floor, healthyBefore), $"{Describe()}: healthy {Healthy} below the floor {_floor}");
            }
            else if (Healthy < healthyBefore)
            {
                Assert.True(Healthy >= _floor, $"{Describe()}: a kill took healthy from {healthyBefore} to {Healthy}, below {_floor}");
            }

            // An idle app's count is the ordinary scale check's (it tops up an instance the last kill-first round took, here once that one has ended).
            var starts = decision.Mode == MigrationMode.Idle && !_instances.Any(i => i.Dying)
                ? Math.Max(0, N - _instances.Count(i => i.Goal == InstanceGoal.Running))
                : decision.StartReplacements;
            for (var i = 0; i < starts; i++)
            {
                _instances.Add(new MigrationInstance(new InstanceId($"i{_next++}"), null, InstanceGoal.Running, false, false));
            }

            var total = _instances.Count(i => i.Goal == InstanceGoal.Running || i.Dying);
            Assert.True(total <= _maxCapacity, $"{Describe()}: {total} instances above the capacity {_maxCapacity}");
        }

        private void Events()
        {
            var room = _random.NextDouble() < _roomChance;
            var waiting = _instances.Where(i => i.AgentId is null && i.Goal == InstanceGoal.Running).ToArray();
            if (waiting.Length == 0 || room)
            {
                _noRoomSince = null;
            }
            else
            {
                _noRoomSince ??= _now;
            }

            for (var k = 0; k < _instances.Count; k++)
            {
                var instance = _instances[k];
                if (instance.AgentId is null && room)
                {
                    _instances[k] = instance with { AgentId = $"b{_random.Next(100, 200)}", Active = true };
                }
                else if (instance.Active && instance.Goal == InstanceGoal.Running && !instance.HealthyAndReady && _random.Next(3) == 0)
                {
                    _instances[k] = instance with { HealthyAndReady = true };
                }
                else if (_flakyHealth && instance.Active && instance.Goal == InstanceGoal.Running && _random.Next(8) == 0)
                {
                    _instances[k] = instance with { HealthyAndReady = !instance.HealthyAndReady };
                }
            }

            _instances.RemoveAll(i => i.Dying && _random.Next(2) == 0);
            _instances.RemoveAll(i => i.Goal != InstanceGoal.Running && !i.Active);
        }

        private string Describe() =>
            $"n={N} {_strategy} floor={_floor} max={_maxCapacity} at {_now:HH:mm:ss}: " +
            string.Join(", ", _instances.Select(i => $"{i.Id}@{i.AgentId ?? "-"}{(i.Goal == InstanceGoal.Running ? "" : "(killed)")}{(i.HealthyAndReady ? "+" : "")}"));
    }
}
