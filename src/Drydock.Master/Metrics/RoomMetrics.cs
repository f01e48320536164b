using Drydock.Master.Frameworks;
using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol.Resources;

namespace Drydock.Master.Metrics;

/// <summary>
/// What the rooms' own events and state tell the metrics: agent registrations, re-registrations and removals and task
/// transitions counted as the registry and the task book raise them; and the gauges of current counts (agents,
/// frameworks, tasks by state, resources, outstanding offers), observed from the rooms' snapshots when read, so they
/// always agree with <c>/state</c>. Built once, at start-up, before any agent or framework can arrive.
/// </summary>
internal sealed class RoomMetrics
{
    private static readonly string[] CurrentTaskStates = ["TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_UNREACHABLE"];

    private static readonly string[] ScalarResources = ["cpus", "gpus", "mem", "disk"];

    public RoomMetrics(
        MasterMetrics metrics,
        MasterIdentity identity,
        AgentRegistry agents,
        Registrar registrar,
        FrameworkRegistry frameworks,
        TaskBook tasks,
        OfferBook offers,
        TimeProvider time)
    {
        registrar.Stored += metrics.StateStored;
        agents.Added += agent => metrics.AgentRegistered(reregistered: agent.ReregisteredTime is not null);
        agents.Removed += (_, _, _) => metrics.AgentRemoved();
        agents.MarkedUnreachable += (_, _, _, _) => metrics.AgentRemoved();
        agents.MarkedGone += (_, _) => metrics.AgentRemoved();
        tasks.Changed += (task, _, _) =>
        {
            // A transition, not a repeat: updates are at least once, and a duplicate terminal update counts no twice.
            if (task.Statuses.Count < 2 || task.Statuses[^2].State != task.State)
            {
                metrics.TaskReached(task.State);
            }
        };

        var meter = metrics.Meter;
        meter.CreateObservableGauge("master/elected", () => 1.0, description: "Whether this is the elected master");
        meter.CreateObservableGauge("master/uptime_secs", () => (time.GetUtcNow() - identity.StartTime).TotalSeconds, description: "Seconds since the master started");

        meter.CreateObservableGauge("master/slaves_connected", () => (double)agents.Agents.Values.Count(a => a.Connected));
        meter.CreateObservableGauge("master/slaves_disconnected", () => (double)agents.Agents.Values.Count(a => !a.Connected));
        meter.CreateObservableGauge("master/slaves_active", () => (double)agents.Agents.Values.Count(a => Active(registrar, a)));
        meter.CreateObservableGauge("master/slaves_inactive", () => (double)agents.Agents.Values.Count(a => !Active(registrar, a)));
        meter.CreateObservableGauge("master/slaves_unreachable", () => (double)registrar.Current.Unreachable.Count);

        meter.CreateObservableGauge("master/frameworks_connected", () => (double)frameworks.Frameworks.Values.Count(f => f.Connected));
        meter.CreateObservableGauge("master/frameworks_disconnected", () => (double)frameworks.Frameworks.Values.Count(f => !f.Connected));
        meter.CreateObservableGauge("master/frameworks_active", () => (double)frameworks.Frameworks.Values.Count(f => f.Connected));
        meter.CreateObservableGauge("master/frameworks_inactive", () => (double)frameworks.Frameworks.Values.Count(f => !f.Connected));

        foreach (var state in CurrentTaskStates)
        {
            meter.CreateObservableGauge(MasterMetrics.TaskMetricName(state), () => (double)tasks.Tasks.Count(t => t.State == state));
        }

        meter.CreateObservableGauge("master/outstanding_offers", () => (double)offers.OutstandingOffers);

        foreach (var name in ScalarResources)
        {
            double Total() => agents.Agents.Values.SelectMany(a => a.Info.Resources).Where(r => r.Name == name).Sum(r => r.Value.Scalar);
            double Used() => tasks.Tasks.Where(t => !TaskBook.IsTerminal(t.State)).SelectMany(t => t.Resources).Where(r => r.Name == name).Sum(r => r.Value.Scalar);
            meter.CreateObservableGauge("master/" + name + "_total", () => Value.RoundScalar(Total()));
            meter.CreateObservableGauge("master/" + name + "_used", () => Value.RoundScalar(Used()));
            meter.CreateObservableGauge("master/" + name + "_percent", () => Total() is > 0 and var total ? Used() / total : 0.0);
        }
    }

    /// <summary>Active as <c>/state</c> shows it: connected and not deactivated (as in Mesos, a disconnected agent is inactive).</summary>
    private static bool Active(Registrar registrar, RegisteredAgent agent) =>
        agent.Connected && !(registrar.Current.Agents.TryGetValue(agent.Id, out var admitted) && admitted.Deactivated);
}
