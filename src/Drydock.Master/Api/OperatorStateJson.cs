using System.Net;
using System.Text.Json;
using Drydock.Master.Frameworks;
using Drydock.Master.Hosting;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.Agents;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Master.Api;

/// <summary>
/// The v1 operator API's read calls (<c>GET_MASTER</c>, <c>GET_AGENTS</c>, <c>GET_FRAMEWORKS</c>, <c>GET_TASKS</c>,
/// <c>GET_EXECUTORS</c>, <c>GET_ROLES</c>, <c>GET_STATE</c>) as Mesos's <c>master::Response</c> JSON, written from one
/// snapshot of the master's books.
/// </summary>
internal sealed class OperatorStateJson(
    MasterIdentity identity,
    IReadOnlyCollection<RegisteredAgent> agents,
    IReadOnlyDictionary<string, AdmittedAgent> admitted,
    IReadOnlyCollection<AdmittedAgent> recovered,
    IReadOnlyCollection<Framework> frameworks,
    IReadOnlyCollection<Framework> completed,
    IReadOnlyCollection<TrackedTask> tasks,
    IReadOnlyCollection<TrackedTask> completedTasks,
    IReadOnlyCollection<OutstandingOffer> offers,
    IReadOnlyDictionary<string, double> weights)
{
    public byte[] Response(string type) => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", type);
        switch (type)
        {
            case "GET_MASTER":
                writer.WriteStartObject("get_master");
                WriteMaster(writer);
                writer.WriteEndObject();
                break;
            case "GET_AGENTS":
                WriteAgents(writer, "get_agents");
                break;
            case "GET_FRAMEWORKS":
                WriteFrameworks(writer, "get_frameworks");
                break;
            case "GET_TASKS":
                WriteTasks(writer, "get_tasks");
                break;
            case "GET_EXECUTORS":
                WriteExecutors(writer, "get_executors");
                break;
            case "GET_ROLES":
                WriteRoles(writer);
                break;
            default:
                writer.WriteStartObject("get_state");
                WriteTasks(writer, "get_tasks");
                WriteExecutors(writer, "get_executors");
                WriteFrameworks(writer, "get_frameworks");
                WriteAgents(writer, "get_agents");
                writer.WriteEndObject();
                break;
        }
    });

    /// <summary>An IPv4 address as MasterInfo's <c>ip</c>: its four bytes in network order read as a host-order uint32.</summary>
    internal static uint PackedIp(string ip) =>
        IPAddress.TryParse(ip, out var address) && address.GetAddressBytes() is { Length: 4 } bytes ? BitConverter.ToUInt32(bytes) : 0;

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? at)
    {
        if (at is { } instant)
        {
            writer.WriteStartObject(name);
            writer.WriteNumber("nanoseconds", UnixTime.Nanoseconds(instant));
            writer.WriteEndObject();
        }
    }

    /// <summary>A repeated field; empty ones are left out, as protobuf JSON leaves them out.</summary>
    private static void WriteArray<T>(Utf8JsonWriter writer, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        var started = false;
        foreach (var item in items)
        {
            if (!started)
            {
                writer.WriteStartArray(name);
                started = true;
            }

            write(writer, item);
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteResources(Utf8JsonWriter writer, string name, IEnumerable<Resource> resources, string? role = null) =>
        WriteArray(writer, name, resources, (w, r) => ResourceJson.Write(w, r, role));

    private static void WriteCapabilities(Utf8JsonWriter writer, IEnumerable<string> capabilities) =>
        WriteArray(writer, "capabilities", capabilities, (w, c) =>
        {
            w.WriteStartObject();
            w.WriteString("type", c);
            w.WriteEndObject();
        });

    private void WriteMaster(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("master_info");
        writer.WriteString("id", identity.Id);
        writer.WriteNumber("ip", PackedIp(identity.Ip));
        writer.WriteNumber("port", identity.Port);
        writer.WriteString("pid", identity.Pid);
        writer.WriteString("hostname", identity.Hostname);
        writer.WriteString("version", BuildInfo.Version.Version);
        writer.WriteStartObject("address");
        writer.WriteString("hostname", identity.Hostname);
        writer.WriteString("ip", identity.Ip);
        writer.WriteNumber("port", identity.Port);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteNumber("start_time", UnixTime.Seconds(identity.StartTime));
        writer.WriteNumber("elected_time", UnixTime.Seconds(identity.StartTime));
    }

    private void WriteAgents(Utf8JsonWriter writer, string name)
    {
        var used = tasks.Where(TaskBook.HoldsResources).ToLookup(t => t.AgentId);
        var offered = offers.ToLookup(o => o.AgentId);
        writer.WriteStartObject(name);
        WriteArray(writer, "agents", agents.OrderBy(a => a.Id, StringComparer.Ordinal), (w, agent) =>
            WriteAgent(w, agent, admitted.GetValueOrDefault(agent.Id), used[agent.Id].SelectMany(t => t.Resources), offered[agent.Id].SelectMany(o => o.Resources)));
        WriteArray(writer, "recovered_agents", recovered.OrderBy(a => a.Id, StringComparer.Ordinal), (w, agent) =>
            w.WriteRawValue(AgentInfoJson.Serialize(agent.Info, agent.Id), skipInputValidation: true));
        writer.WriteEndObject();
    }

    /// <summary>A <c>master::Response.GetAgents.Agent</c>.</summary>
    internal static void WriteAgent(Utf8JsonWriter writer, RegisteredAgent agent, AdmittedAgent? admitted, IEnumerable<Resource> allocated, IEnumerable<Resource> offered)
    {
        var deactivated = admitted?.Deactivated == true;
        writer.WriteStartObject();
        writer.WritePropertyName("agent_info");
        writer.WriteRawValue(AgentInfoJson.Serialize(agent.Info, agent.Id), skipInputValidation: true);
        writer.WriteBoolean("active", agent.Connected && !deactivated);
        writer.WriteBoolean("deactivated", deactivated);
        writer.WriteString("version", agent.Version);
        writer.WriteString("pid", agent.Pid);
        WriteTime(writer, "registered_time", agent.RegisteredTime);
        WriteTime(writer, "reregistered_time", agent.ReregisteredTime);
        WriteResources(writer, "total_resources", agent.Info.Resources);
        WriteResources(writer, "allocated_resources", allocated);
        WriteResources(writer, "offered_resources", offered);
        WriteCapabilities(writer, agent.Capabilities);
        if (admitted?.Drain is { } drain)
        {
            WriteDrainInfo(writer, drain);
            writer.WriteStartObject("estimated_drain_start_time");
            writer.WriteNumber("nanoseconds", UnixTime.Nanoseconds(drain.Started));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>A Mesos <c>DrainInfo</c>: <c>{"state":..,"config":{"max_grace_period":{"nanoseconds":..},"mark_gone":..}}</c>.</summary>
    internal static void WriteDrainInfo(Utf8JsonWriter writer, DrainInfo drain)
    {
        writer.WriteStartObject("drain_info");
        writer.WriteString("state", drain.State.ToString());
        writer.WriteStartObject("config");
        if (drain.MaxGracePeriodNanoseconds is { } grace)
        {
            writer.WriteStartObject("max_grace_period");
            writer.WriteNumber("nanoseconds", grace);
            writer.WriteEndObject();
        }

        writer.WriteBoolean("mark_gone", drain.MarkGone);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteFrameworks(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        WriteArray(writer, "frameworks", frameworks.OrderBy(f => f.Id, StringComparer.Ordinal), (w, f) => WriteFramework(w, f, active: true));
        WriteArray(writer, "completed_frameworks", completed, (w, f) => WriteFramework(w, f, active: false));
        writer.WriteEndObject();
    }

    private void WriteFramework(Utf8JsonWriter writer, Framework framework, bool active)
    {
        var own = tasks.Where(t => t.FrameworkId == framework.Id && TaskBook.HoldsResources(t));
        WriteFramework(
            writer,
            framework,
            active,
            active ? own.SelectMany(t => t.Resources) : [],
            active ? offers.Where(o => o.FrameworkId == framework.Id).SelectMany(o => o.Resources) : []);
    }

    /// <summary>A <c>master::Response.GetFrameworks.Framework</c>.</summary>
    internal static void WriteFramework(Utf8JsonWriter writer, Framework framework, bool active, IEnumerable<Resource> allocated, IEnumerable<Resource> offered)
    {
        writer.WriteStartObject();
        WriteFrameworkInfo(writer, "framework_info", framework);
        writer.WriteBoolean("active", active && framework.Connected);
        writer.WriteBoolean("connected", active && framework.Connected);
        writer.WriteBoolean("recovered", active && framework.Recovered);
        WriteTime(writer, "registered_time", framework.RegisteredTime);
        WriteTime(writer, "reregistered_time", framework.ReregisteredTime);
        WriteTime(writer, "unregistered_time", framework.UnregisteredTime);
        WriteResources(writer, "allocated_resources", allocated);
        WriteResources(writer, "offered_resources", offered);
        writer.WriteEndObject();
    }

    /// <summary>A framework's <c>FrameworkInfo</c>, with its id.</summary>
    internal static void WriteFrameworkInfo(Utf8JsonWriter writer, string name, Framework framework)
    {
        writer.WritePropertyName(name);
        FrameworkInfoJson.Write(writer, framework.Info, framework.Id);
    }

    private void WriteTasks(Utf8JsonWriter writer, string name)
    {
        // As Mesos: active tasks (an ended task stays there until its end is acknowledged), unreachable ones, and the
        // completed tasks of registered and removed frameworks.
        var ordered = tasks.OrderBy(t => t.FrameworkId, StringComparer.Ordinal).ThenBy(t => t.TaskId, StringComparer.Ordinal).ToArray();
        writer.WriteStartObject(name);
        WriteTaskList(writer, "tasks", ordered.Where(t => t.State != "TASK_UNREACHABLE"));
        WriteTaskList(writer, "unreachable_tasks", ordered.Where(t => t.State == "TASK_UNREACHABLE"));
        WriteTaskList(writer, "completed_tasks", completedTasks);
        writer.WriteEndObject();
    }

    private static void WriteTaskList(Utf8JsonWriter writer, string name, IEnumerable<TrackedTask> list) =>
        WriteArray(writer, name, list, WriteTask);

    /// <summary>A v1 <c>Task</c> (the executor only for a task with one; Drydock's command tasks have none).</summary>
    internal static void WriteTask(Utf8JsonWriter writer, TrackedTask task)
    {
        var details = task.Details;
        writer.WriteStartObject();
        writer.WriteString("name", task.Name);
        JsonWriting.WriteId(writer, "task_id", task.TaskId);
        JsonWriting.WriteId(writer, "framework_id", task.FrameworkId);
        if (details.ExecutorId is { } executor)
        {
            JsonWriting.WriteId(writer, "executor_id", executor);
        }

        JsonWriting.WriteId(writer, "agent_id", task.AgentId);
        writer.WriteString("state", task.State);
        WriteResources(writer, "resources", task.Resources, details.Role);
        WriteArray(writer, "statuses", task.Statuses, (w, status) =>
        {
            w.WriteStartObject();
            JsonWriting.WriteId(w, "task_id", task.TaskId);
            w.WriteString("state", status.State);
            JsonWriting.WriteId(w, "agent_id", task.AgentId);
            w.WriteNumber("timestamp", JsonWriting.Finite(status.Timestamp));
            if (status.Healthy is { } healthy)
            {
                w.WriteBoolean("healthy", healthy);
            }

            WriteLabels(w, status.Labels);
            if (status.ContainerStatus is { } container)
            {
                w.WritePropertyName("container_status");
                container.WriteTo(w);
            }

            w.WriteEndObject();
        });
        WriteLabels(writer, details.Labels);
        if (details.Discovery is { } discovery)
        {
            writer.WritePropertyName("discovery");
            discovery.WriteTo(writer);
        }

        if (details.Container is { } container)
        {
            writer.WritePropertyName("container");
            container.WriteTo(writer);
        }

        if (details.User is { } user)
        {
            writer.WriteString("user", user);
        }

        writer.WriteEndObject();
    }

    /// <summary>A <c>Labels</c> message, <c>"labels":{"labels":[...]}</c>; nothing when there are none.</summary>
    private static void WriteLabels(Utf8JsonWriter writer, IReadOnlyList<Label> labels)
    {
        if (labels.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("labels");
        WriteArray(writer, "labels", labels, Label.Write);
        writer.WriteEndObject();
    }

    private static void WriteExecutors(Utf8JsonWriter writer, string name)
    {
        // Tasks run as command tasks: there are no custom executors to list.
        writer.WriteStartObject(name);
        writer.WriteEndObject();
    }

    /// <summary>GET_ROLES: every role with a framework, a reservation on an agent, or a weight set, with its weight in force.</summary>
    private void WriteRoles(Utf8JsonWriter writer)
    {
        var roles = frameworks.SelectMany(f => f.Info.Roles.Select(r => (Role: r, Framework: (string?)f.Id)))
            .Concat(agents.SelectMany(a => a.Info.Resources).Where(r => r.IsReserved).Select(r => (r.Role, Framework: (string?)null)))
            .Concat(weights.Keys.Select(r => (Role: r, Framework: (string?)null)))
            .GroupBy(x => x.Role, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var allocated = tasks.Where(TaskBook.HoldsResources).ToLookup(t => t.FrameworkId);
        writer.WriteStartObject("get_roles");
        WriteArray(writer, "roles", roles, (writer, role) =>
        {
            var members = role.Select(x => x.Framework).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            writer.WriteStartObject();
            writer.WriteString("name", role.Key);
            writer.WriteNumber("weight", JsonWriting.Finite(weights.TryGetValue(role.Key, out var weight) ? weight : 1.0));
            WriteArray(writer, "frameworks", members, (w, f) =>
            {
                w.WriteStartObject();
                w.WriteString("value", f);
                w.WriteEndObject();
            });
            WriteResources(writer, "resources", members.SelectMany(f => allocated[f]).SelectMany(t => t.Resources).Where(r => r.Role == role.Key || role.Key == "*"));
            writer.WriteEndObject();
        });
        writer.WriteEndObject();
    }
}
