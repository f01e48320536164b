using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;
using Drydock.Master.Frameworks;
using Drydock.Master.Metrics;
using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Logging;

namespace Drydock.Master.Api;

/// <summary>
/// The v1 operator API's SUBSCRIBE events: TASK_ADDED, TASK_UPDATED, AGENT_ADDED, AGENT_UPDATED, AGENT_REMOVED, FRAMEWORK_ADDED,
/// FRAMEWORK_UPDATED and FRAMEWORK_REMOVED, fanned out to every subscriber. An event is serialized once, and only when
/// someone listens. A subscriber that falls more than <see cref="Backlog"/> events behind is disconnected rather than
/// let the master's memory grow; it can subscribe again and get a fresh snapshot. Publishing never throws into the room
/// that raised the event: an event that cannot be built is logged, counted as a failure of the loop
/// <c>operator_events</c>, and ends every current stream (each would otherwise miss it and hold a wrong picture).
/// </summary>
internal sealed partial class OperatorEventStream(LoopHealth health, ILogger<OperatorEventStream> logger)
{
    public const int Backlog = 65_536;

    private const string Loop = "operator_events";

    private readonly object _gate = new();
    private ImmutableList<Channel<byte[]>> _subscribers = [];

    public Channel<byte[]> Subscribe()
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Backlog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_gate)
        {
            _subscribers = _subscribers.Add(channel);
        }

        return channel;
    }

    public void Unsubscribe(Channel<byte[]> channel)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    public void OnTask(TrackedTask task, TaskStatusMessage? status, bool added) => Publish(() => JsonWriting.Build(writer =>
    {
        if (added)
        {
            writer.WriteString("type", "TASK_ADDED");
            writer.WriteStartObject("task_added");
            writer.WritePropertyName("task");
            OperatorStateJson.WriteTask(writer, task);
            writer.WriteEndObject();
            return;
        }

        writer.WriteString("type", "TASK_UPDATED");
        writer.WriteStartObject("task_updated");
        JsonWriting.WriteId(writer, "framework_id", task.FrameworkId);
        writer.WritePropertyName("status");
        var latest = status ?? new TaskStatusMessage(task.TaskId, task.State, "SOURCE_MASTER", task.AgentId, task.Statuses[^1].Timestamp, null, null, null);
        writer.WriteRawValue(TaskStatusJson.Status(latest), skipInputValidation: true);
        writer.WriteString("state", task.State);
        writer.WriteEndObject();
    }));

    public void OnAgentAdded(RegisteredAgent agent, AdmittedAgent? admitted) => PublishAgent("AGENT_ADDED", agent, admitted);

    /// <summary>AGENT_UPDATED: the agent's deactivation or drain changed; it carries the whole agent, as AGENT_ADDED does.</summary>
    public void OnAgentUpdated(RegisteredAgent agent, AdmittedAgent? admitted) => PublishAgent("AGENT_UPDATED", agent, admitted);

    public void OnAgentRemoved(string agentId) => Publish(() => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", "AGENT_REMOVED");
        writer.WriteStartObject("agent_removed");
        JsonWriting.WriteId(writer, "agent_id", agentId);
        writer.WriteEndObject();
    }));

    public void OnFramework(Framework framework, FrameworkChange change) => Publish(() => JsonWriting.Build(writer =>
    {
        switch (change)
        {
            case FrameworkChange.Removed:
                writer.WriteString("type", "FRAMEWORK_REMOVED");
                writer.WriteStartObject("framework_removed");
                OperatorStateJson.WriteFrameworkInfo(writer, "framework_info", framework);
                writer.WriteEndObject();
                break;
            default:
                var name = change == FrameworkChange.Added ? "framework_added" : "framework_updated";
                writer.WriteString("type", name.ToUpperInvariant());
                writer.WriteStartObject(name);
                writer.WritePropertyName("framework");
                OperatorStateJson.WriteFramework(writer, framework, active: true, Array.Empty<Resource>(), Array.Empty<Resource>());
                writer.WriteEndObject();
                break;
        }
    }));

    public static byte[] Subscribed(byte[] getState, double heartbeatSeconds) => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", "SUBSCRIBED");
        writer.WriteStartObject("subscribed");
        using (var state = JsonDocument.Parse(getState))
        {
            writer.WritePropertyName("get_state");
            state.RootElement.GetProperty("get_state").WriteTo(writer);
        }

        writer.WriteNumber("heartbeat_interval_seconds", heartbeatSeconds);
        writer.WriteEndObject();
    });

    public static readonly byte[] Heartbeat = """{"type":"HEARTBEAT"}"""u8.ToArray();

    private void PublishAgent(string type, RegisteredAgent agent, AdmittedAgent? admitted) => Publish(() => JsonWriting.Build(writer =>
    {
        var name = type.ToLowerInvariant();
        writer.WriteString("type", type);
        writer.WriteStartObject(name);
        writer.WritePropertyName("agent");
        OperatorStateJson.WriteAgent(writer, agent, admitted, [], []);
        writer.WriteEndObject();
    }));

    /// <summary>Builds the event once and queues it for every subscriber; internal for the tests' failing builds.</summary>
    internal void Publish(Func<byte[]> build)
    {
        var subscribers = _subscribers;
        if (subscribers.IsEmpty)
        {
            // Nobody listens, so nothing fails: a failure reported earlier (whose streams were ended) is over.
            health.Succeeded(Loop);
            return;
        }

        byte[] json;
        try
        {
            json = build();
        }
        catch (Exception e)
        {
            health.Failed(Loop, e);
            LogBuildFailed(subscribers.Count, e);
            foreach (var subscriber in subscribers)
            {
                Unsubscribe(subscriber);
            }

            return;
        }

        health.Succeeded(Loop);
        foreach (var subscriber in subscribers)
        {
            if (!subscriber.Writer.TryWrite(json))
            {
                // Too far behind: its stream ends and it can subscribe again for a fresh snapshot.
                Unsubscribe(subscriber);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An operator event could not be built; ending {Count} SUBSCRIBE streams so their clients resubscribe for a fresh snapshot")]
    private partial void LogBuildFailed(int count, Exception exception);
}
