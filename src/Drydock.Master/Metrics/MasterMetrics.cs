using System.Collections.Frozen;
using System.Diagnostics.Metrics;

namespace Drydock.Master.Metrics;

/// <summary>
/// The master's instruments, in the Meter <c>Drydock.Master</c>, named as Mesos names its metrics
/// (<c>master/slave_registrations</c>, <c>master/tasks_finished</c>, …). Rooms count here where things happen;
/// <see cref="RoomMetrics"/> adds the gauges that read the rooms' current state, <see cref="MetricsSnapshot"/> reads
/// every instrument back for <c>/metrics/snapshot</c> and GET_METRICS, and the Prometheus exporter reads the same ones.
/// </summary>
internal sealed class MasterMetrics
{
    public const string MeterName = "Drydock.Master";

    public const string LoopFailuresName = "drydock/loop_failures";

    /// <summary>The loops that count their failed rounds in <c>drydock/loop_failures</c>, by the tag <c>loop</c>.</summary>
    public static readonly string[] Loops = ["allocation", "agent_health", "framework_failover", "drain", "operator_events"];

    /// <summary>Task states whose transitions Mesos counts (the others are gauges of current tasks).</summary>
    private static readonly string[] CountedTaskStates =
        ["TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR"];

    /// <summary>Mesos's message counters, by the scheduler call or agent message that counts in each.</summary>
    private static readonly string[] MessageNames =
    [
        "register_framework", "reregister_framework", "unregister_framework", "launch_tasks", "decline_offers", "revive_offers",
        "suppress_offers", "kill_task", "status_update_acknowledgement", "reconcile_tasks", "register_slave", "reregister_slave",
        "unregister_slave", "status_update",
    ];

    private readonly Counter<long> _registrations;
    private readonly Counter<long> _reregistrations;
    private readonly Counter<long> _removals;
    private readonly FrozenDictionary<string, Counter<long>> _taskStates;
    private readonly FrozenDictionary<string, Counter<long>> _messages;
    private readonly Counter<long> _loopFailures;
    private readonly Counter<long> _allocationRuns;
    private readonly Histogram<double> _allocationRunMs;
    private readonly Histogram<double> _stateStoreMs;
    private readonly Counter<long> _channelsRefused;
    private readonly Counter<long> _channelsTimedOut;
    private readonly Counter<long> _channelsInvalid;

    public MasterMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _registrations = Meter.CreateCounter<long>("master/slave_registrations", description: "Agents that registered");
        _reregistrations = Meter.CreateCounter<long>("master/slave_reregistrations", description: "Agents that re-registered");
        _removals = Meter.CreateCounter<long>("master/slave_removals", description: "Agents removed, marked unreachable or marked gone");
        _taskStates = CountedTaskStates.ToFrozenDictionary(
            s => s,
            s => Meter.CreateCounter<long>(TaskMetricName(s), description: "Tasks that reached " + s));
        _messages = MessageNames.ToFrozenDictionary(
            m => m,
            m => Meter.CreateCounter<long>("master/messages_" + m, description: "Messages received: " + m));
        _loopFailures = Meter.CreateCounter<long>(LoopFailuresName, description: "Failed rounds of a background loop, by loop");
        _allocationRuns = Meter.CreateCounter<long>("allocator/mesos/allocation_runs", description: "Allocation cycles run");
        _allocationRunMs = Meter.CreateHistogram<double>("allocator/mesos/allocation_run_ms", description: "Milliseconds an allocation cycle took");
        _stateStoreMs = Meter.CreateHistogram<double>("registrar/state_store_ms", description: "Milliseconds a registry operation took to commit");
        _channelsRefused = Meter.CreateCounter<long>("drydock/agent_channels_refused", description: "Agent channel upgrades refused: too many channels waiting to register");
        _channelsTimedOut = Meter.CreateCounter<long>("drydock/agent_channels_timed_out", description: "Agent channels closed for not registering in time");
        _channelsInvalid = Meter.CreateCounter<long>("drydock/agent_channels_invalid", description: "Agent channels closed for a message the protocol does not allow");
        foreach (var loop in Loops)
        {
            // A zero for every loop, so each series exists before its first failure.
            _loopFailures.Add(0, new KeyValuePair<string, object?>("loop", loop));
        }
    }

    public Meter Meter { get; }

    /// <summary><c>master/tasks_finished</c> for TASK_FINISHED, <c>master/tasks_gone_by_operator</c> for TASK_GONE_BY_OPERATOR.</summary>
    public static string TaskMetricName(string state) => "master/tasks_" + state["TASK_".Length..].ToLowerInvariant();

    public void AgentRegistered(bool reregistered) => (reregistered ? _reregistrations : _registrations).Add(1);

    public void AgentRemoved() => _removals.Add(1);

    /// <summary>A task moved into <paramref name="state"/>; only the states Mesos counts are counted.</summary>
    public void TaskReached(string state)
    {
        if (_taskStates.TryGetValue(state, out var counter))
        {
            counter.Add(1);
        }
    }

    /// <summary>A message in one of Mesos's message counters arrived (<c>decline_offers</c>, <c>register_slave</c>, …).</summary>
    public void Received(string message)
    {
        if (_messages.TryGetValue(message, out var counter))
        {
            counter.Add(1);
        }
    }

    /// <summary>A scheduler API call arrived: counted under Mesos's name for it, where there is one.</summary>
    public void SchedulerCall(string type, bool resubscribe = false) => Received(type switch
    {
        "SUBSCRIBE" => resubscribe ? "reregister_framework" : "register_framework",
        "TEARDOWN" => "unregister_framework",
        "ACCEPT" => "launch_tasks",
        "DECLINE" => "decline_offers",
        "REVIVE" => "revive_offers",
        "SUPPRESS" => "suppress_offers",
        "KILL" => "kill_task",
        "ACKNOWLEDGE" => "status_update_acknowledgement",
        "RECONCILE" => "reconcile_tasks",
        _ => string.Empty,
    });

    /// <summary>An agent channel upgrade was refused with 503: <c>--max-unregistered-agent-channels</c> were waiting.</summary>
    public void AgentChannelRefused() => _channelsRefused.Add(1);

    /// <summary>An agent channel sent no Register or Reregister within <c>--agent-registration-timeout</c>.</summary>
    public void AgentChannelTimedOut() => _channelsTimedOut.Add(1);

    /// <summary>An agent channel was closed for a malformed frame or a message the protocol does not allow.</summary>
    public void AgentChannelInvalid() => _channelsInvalid.Add(1);

    public void LoopFailed(string loop) => _loopFailures.Add(1, new KeyValuePair<string, object?>("loop", loop));

    public void AllocationRan(TimeSpan took)
    {
        _allocationRuns.Add(1);
        _allocationRunMs.Record(took.TotalMilliseconds);
    }

    public void StateStored(TimeSpan took) => _stateStoreMs.Record(took.TotalMilliseconds);
}
