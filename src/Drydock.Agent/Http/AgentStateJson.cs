using System.Globalization;
using System.Text.Json;
using Drydock.Protocol;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Agent.Http;

/// <summary>
/// The agent's <c>/state</c> (Mesos's agent state JSON, <c>src/slave/http.cpp</c>) and the v1 GET_STATE, written from
/// one read of the checkpoints. A command task is its own executor; an executor whose task ended and whose end the
/// master acknowledged is completed, and a framework with no executor left is completed too.
/// </summary>
internal sealed class AgentStateJson(AgentView view, IReadOnlyList<FrameworkRecord> frameworks, IReadOnlyList<ExecutorRun> runs)
{
    private static readonly DateTimeOffset BuildStamp = File.GetLastWriteTimeUtc(typeof(AgentStateJson).Assembly.Location);

    public byte[] State() => JsonWriting.Build(writer =>
    {
        var options = view.Options;
        writer.WriteString("version", AgentView.Version);
        writer.WriteString("build_date", BuildStamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        writer.WriteNumber("build_time", BuildStamp.ToUnixTimeSeconds());
        writer.WriteString("build_user", "drydock");
        writer.WriteNumber("start_time", UnixTime.Seconds(view.StartTime));
        if (view.AgentId is { } id)
        {
            writer.WriteString("id", id);
        }

        writer.WriteString("pid", view.Pid);
        writer.WriteString("hostname", options.Hostname);
        writer.WriteStartArray("capabilities");
        foreach (var capability in AgentView.Capabilities)
        {
            writer.WriteStringValue(capability);
        }

        writer.WriteEndArray();
        WriteFlat(writer, "resources", StateFormat.Resources(options.Resources));
        WriteFlat(writer, "attributes", StateFormat.Attributes(options.Attributes));
        if (view.Connected)
        {
            writer.WriteString("master_hostname", options.Master.Host);
        }

        writer.WriteStartObject("flags");
        foreach (var (name, value) in options.Flags)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("reserved_resources");
        foreach (var role in options.Resources.Where(r => r.IsReserved).GroupBy(r => r.Role).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            WriteFlat(writer, role.Key, StateFormat.Resources(role));
        }

        writer.WriteEndObject();
        WriteFlat(writer, "unreserved_resources", StateFormat.Resources(options.Resources.Where(r => !r.IsReserved)));
        writer.WriteStartArray("unreserved_resources_full");
        foreach (var resource in options.Resources.Where(r => !r.IsReserved))
        {
            ResourceJson.Write(writer, resource);
        }

        writer.WriteEndArray();
        var (active, completed) = SplitFrameworks();
        writer.WriteStartArray("frameworks");
        foreach (var framework in active)
        {
            WriteFramework(writer, framework);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("completed_frameworks");
        foreach (var framework in completed)
        {
            WriteFramework(writer, framework);
        }

        writer.WriteEndArray();
    });

    /// <summary>v1 GET_STATE: <c>get_tasks</c>, <c>get_executors</c> and <c>get_frameworks</c>.</summary>
    public byte[] GetState() => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", "GET_STATE");
        writer.WriteStartObject("get_state");
        WriteTasks(writer);
        WriteExecutors(writer);
        WriteFrameworks(writer);
        writer.WriteEndObject();
    });

    /// <summary>v1 GET_TASKS, GET_EXECUTORS or GET_FRAMEWORKS alone.</summary>
    public byte[] Part(string type) => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", type);
        switch (type)
        {
            case "GET_TASKS":
                WriteTasks(writer);
                break;
            case "GET_EXECUTORS":
                WriteExecutors(writer);
                break;
            default:
                WriteFrameworks(writer);
                break;
        }
    });

    private (IReadOnlyList<FrameworkRecord> Active, IReadOnlyList<FrameworkRecord> Completed) SplitFrameworks()
    {
        var active = frameworks.Where(f => runs.Any(r => r.FrameworkId == f.Id && !r.Done)).ToArray();
        return (active, frameworks.Except(active).ToArray());
    }

    private void WriteFramework(Utf8JsonWriter writer, FrameworkRecord framework)
    {
        writer.WriteStartObject();
        writer.WriteString("id", framework.Id);
        writer.WriteString("name", framework.Name);
        writer.WriteString("user", framework.User);
        writer.WriteNumber("failover_timeout", framework.FailoverTimeout);
        writer.WriteBoolean("checkpoint", framework.Checkpoint);
        writer.WriteString("hostname", framework.Hostname);
        if (framework.Capabilities.Contains("MULTI_ROLE"))
        {
            writer.WriteStartArray("roles");
            foreach (var role in framework.Roles)
            {
                writer.WriteStringValue(role);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("role", framework.Roles[0]);
        }

        if (framework.Principal is { } principal)
        {
            writer.WriteString("principal", principal);
        }

        var own = runs.Where(r => r.FrameworkId == framework.Id).ToArray();
        writer.WriteStartArray("executors");
        foreach (var run in own.Where(r => !r.Done))
        {
            WriteExecutor(writer, framework, run);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("completed_executors");
        foreach (var run in own.Where(r => r.Done))
        {
            WriteExecutor(writer, framework, run);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteExecutor(Utf8JsonWriter writer, FrameworkRecord framework, ExecutorRun run)
    {
        var task = TaskInfoOf(run);
        writer.WriteStartObject();
        writer.WriteString("id", run.ExecutorId);
        writer.WriteString("name", ExecutorName(run));
        writer.WriteString("source", run.ExecutorId);
        writer.WriteString("container", run.ContainerId);
        writer.WriteString("directory", run.Directory);
        WriteFlat(writer, "resources", StateFormat.Resources(task?.Resources ?? []));
        writer.WriteString("role", framework.Roles[0]);
        writer.WriteStartArray("tasks");
        if (!run.Done)
        {
            WriteTask(writer, run, task);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("queued_tasks");
        writer.WriteEndArray();
        writer.WriteStartArray("completed_tasks");
        if (run.Done)
        {
            WriteTask(writer, run, task);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteTask(Utf8JsonWriter writer, ExecutorRun run, TaskInfoMessage? task)
    {
        writer.WriteStartObject();
        writer.WriteString("id", run.Launch.TaskId);
        writer.WriteString("name", run.Launch.Name);
        writer.WriteString("framework_id", run.FrameworkId);
        // A command task has no executor of its own in its TaskInfo, so Mesos leaves this empty.
        writer.WriteString("executor_id", string.Empty);
        writer.WriteString("slave_id", view.AgentId ?? string.Empty);
        writer.WriteString("state", run.State);
        WriteFlat(writer, "resources", StateFormat.Resources(task?.Resources ?? []));
        writer.WriteStartArray("statuses");
        foreach (var status in run.Statuses)
        {
            writer.WriteStartObject();
            writer.WriteString("state", status.State);
            writer.WriteNumber("timestamp", status.Timestamp);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteTasks(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("get_tasks");
        WriteV1Tasks(writer, "launched_tasks", runs.Where(r => !r.Completed));
        WriteV1Tasks(writer, "terminated_tasks", runs.Where(r => r.Completed && !r.Reported));
        WriteV1Tasks(writer, "completed_tasks", runs.Where(r => r.Done));
        writer.WriteEndObject();
    }

    private void WriteV1Tasks(Utf8JsonWriter writer, string name, IEnumerable<ExecutorRun> selected)
    {
        var list = selected.ToArray();
        if (list.Length == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var run in list)
        {
            var task = TaskInfoOf(run);
            writer.WriteStartObject();
            writer.WriteString("name", run.Launch.Name);
            JsonWriting.WriteId(writer, "task_id", run.Launch.TaskId);
            JsonWriting.WriteId(writer, "framework_id", run.FrameworkId);
            JsonWriting.WriteId(writer, "agent_id", view.AgentId ?? string.Empty);
            writer.WriteString("state", run.State);
            WriteResources(writer, task);
            if (run.Statuses.Count > 0)
            {
                writer.WriteStartArray("statuses");
                foreach (var status in run.Statuses)
                {
                    writer.WriteRawValue(status.StatusJson, skipInputValidation: true);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WriteExecutors(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("get_executors");
        foreach (var (name, done) in new[] { ("executors", false), ("completed_executors", true) })
        {
            var list = runs.Where(r => r.Done == done).ToArray();
            if (list.Length == 0)
            {
                continue;
            }

            writer.WriteStartArray(name);
            foreach (var run in list)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("executor_info");
                JsonWriting.WriteId(writer, "executor_id", run.ExecutorId);
                JsonWriting.WriteId(writer, "framework_id", run.FrameworkId);
                writer.WriteStartObject("command");
                writer.WriteBoolean("shell", run.Launch.Shell);
                writer.WriteString("value", run.Launch.Command);
                writer.WriteEndObject();
                WriteResources(writer, TaskInfoOf(run));
                writer.WriteString("name", ExecutorName(run));
                writer.WriteString("source", run.ExecutorId);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private void WriteFrameworks(Utf8JsonWriter writer)
    {
        var (active, completed) = SplitFrameworks();
        writer.WriteStartObject("get_frameworks");
        foreach (var (name, list) in new[] { ("frameworks", active), ("completed_frameworks", completed) })
        {
            if (list.Count == 0)
            {
                continue;
            }

            writer.WriteStartArray(name);
            foreach (var framework in list)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("framework_info");
                JsonWriting.WriteId(writer, "id", framework.Id);
                writer.WriteString("user", framework.User);
                writer.WriteString("name", framework.Name);
                writer.WriteNumber("failover_timeout", framework.FailoverTimeout);
                writer.WriteBoolean("checkpoint", framework.Checkpoint);
                writer.WriteString("hostname", framework.Hostname);
                writer.WriteStartArray("roles");
                foreach (var role in framework.Roles)
                {
                    writer.WriteStringValue(role);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteResources(Utf8JsonWriter writer, TaskInfoMessage? task)
    {
        if (task is null || task.Resources.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("resources");
        foreach (var resource in task.Resources)
        {
            ResourceJson.Write(writer, resource);
        }

        writer.WriteEndArray();
    }

    private static void WriteFlat(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, object> values)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case double number:
                    writer.WriteNumber(key, number);
                    break;
                default:
                    writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private static string ExecutorName(ExecutorRun run) =>
        $"Command Executor (Task: {run.Launch.TaskId}) (Command: sh -c '{run.Launch.Command}')";

    private static TaskInfoMessage? TaskInfoOf(ExecutorRun run)
    {
        if (run.Launch.TaskInfoJson is not { } json)
        {
            return null;
        }

        var parsed = TaskInfoMessage.Parse(json);
        return parsed.Succeeded ? parsed.Value : null;
    }
}
